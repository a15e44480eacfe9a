import { HttpError } from "../server/HttpError";

/**
 * The 400 `invalid_payload` answer, `details.fieldErrors` naming each broken field
 * and its rule.
 *
 * @example
 * ```ts
 * throw invalidPayload({ "events.3.user_id": "must be a string of 1–256 characters" });
 * ```
 */
export function invalidPayload(fieldErrors: Record<string, string>): HttpError {
  return new HttpError(400, "invalid_payload", { fieldErrors });
}
