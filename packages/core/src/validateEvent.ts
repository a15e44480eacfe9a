import { checkEvent, type CheckEventOptions } from "./checkEvent";
import { invalid } from "./eventRules";
import type { MillimetricEvent } from "./MillimetricEvent";

/**
 * Checks `input` against the protocol's event table and returns the normalised event.
 * Throws a `TypeError` naming the first broken field and its rule, so a bad call fails
 * where it is made instead of sinking a batch later.
 *
 * @throws TypeError `[millimetric] invalid event: "user_id" must be a string of 1–256 characters`
 * @example
 * ```ts
 * validateEvent({ event: "signup", user_id: "42" }) // { event: "signup", user_id: "42" }
 * ```
 */
export function validateEvent(input: unknown, options?: CheckEventOptions): MillimetricEvent {
  const result = checkEvent(input, options);
  if (result.ok) return result.event;
  const [field, rule] = Object.entries(result.fieldErrors)[0]!;
  // An unknown key is chosen by the caller: keep it short in the message.
  return invalid(field.length > 64 ? field.slice(0, 64) + "…" : field, rule);
}
