import { MillimetricTypeError } from "../errors/MillimetricError";

/**
 * The one validation error of every SDK: a `MillimetricTypeError` (code `invalid_event`,
 * still a `TypeError`) whose message names the field and the rule it breaks, in the form
 * `[millimetric] invalid event: "user_id" must be a string of 1–256 characters`. Server
 * validation (`validateEvent`) throws it; the browser SDK throws it in development and
 * hands it to `configure({ onError })` in production.
 *
 * @example throw invalidEventError("user_id", "must be a string of 1–256 characters")
 */
export function invalidEventError(field: string, rule: string): MillimetricTypeError {
  // A field name the caller chose (an unknown key) is kept short in the message.
  return new MillimetricTypeError("invalid_event", "[millimetric] invalid event: " + JSON.stringify(field.length > 64 ? field.slice(0, 64) + "…" : field) + " " + rule);
}
