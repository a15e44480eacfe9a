import { lengthError } from "@millimetric/core/internal";
import { checkProperties, emit } from "./emit";
import { storeUserId } from "./identity";
import { rejectCall } from "./rejectCall";
import { sendingAllowed } from "./state";

/**
 * Links this browser's anonymous id to your user id: sends a `$identify` event (the
 * traits as its properties) and puts `user_id` on every later event in this browser,
 * across reloads. Does nothing before {@link init} or under a privacy signal.
 *
 * @throws MillimetricTypeError (code `invalid_event`, a `TypeError`) naming the field and the
 * rule, in development, when `userId` is not a string of 1–256 characters or
 * `traits` not a JSON object of at most 8 KB; production builds drop the call instead and tell
 * `configure({ onError })` (an analytics call never throws at a visitor).
 * @example
 * ```ts
 * identify(user.id, { plan: "pro" });
 * ```
 */
export function identify(userId: string, traits?: Record<string, unknown>): void {
  if (lengthError(userId, 1, 256)) return rejectCall("user_id", userId);
  if (checkProperties(traits) && sendingAllowed) storeUserId(userId), emit("$identify", traits, true); // traits only: no page context
}
