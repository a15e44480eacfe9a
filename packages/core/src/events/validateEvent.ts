import { checkEvent, type CheckEventOptions } from "./checkEvent";
import { invalidEventError } from "./invalidEventError";
import type { MillimetricEvent } from "./MillimetricEvent";

/**
 * Checks `input` against the protocol's event table and returns the normalised event.
 * Throws a `MillimetricTypeError` (code `invalid_event`, still a `TypeError`) naming the
 * first broken field and its rule, so a bad call fails where it is made instead of sinking
 * a batch later.
 *
 * @throws MillimetricTypeError `[millimetric] invalid event: "user_id" must be a string of 1–256 characters`
 * @example
 * ```ts
 * validateEvent({ event: "signup", user_id: "42" }) // { event: "signup", user_id: "42" }
 * ```
 */
export function validateEvent(input: unknown, options?: CheckEventOptions): MillimetricEvent {
  const result = checkEvent(input, options);
  if (result.ok) return result.event;
  const [field, rule] = Object.entries(result.fieldErrors)[0]!;
  throw invalidEventError(field, rule);
}
