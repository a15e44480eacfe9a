import { invalid, lengthError } from "@millimetric/core";
import { checkProperties, emit } from "./emit";
import { storeUserId } from "./identity";
import { sendingAllowed } from "./state";

/**
 * Links this browser's anonymous id to your user id: sends a `$identify` event (the
 * traits as its properties) and puts `user_id` on every later event in this browser,
 * across reloads. Does nothing before {@link init} or under a privacy signal.
 *
 * @throws TypeError when `userId` is not a string of 1–256 characters, or `traits` is not
 * a JSON object of at most 8 KB.
 * @example
 * ```ts
 * identify(user.id, { plan: "pro" });
 * ```
 */
export function identify(userId: string, traits?: Record<string, unknown>): void {
  const error = lengthError(userId, 1, 256);
  if (error) invalid("user_id", error);
  checkProperties(traits);
  if (sendingAllowed) storeUserId(userId), emit("$identify", traits, true); // traits only: no page context
}
