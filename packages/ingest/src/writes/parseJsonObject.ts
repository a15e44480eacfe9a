import { HttpError } from "../server/HttpError";

/**
 * Parses a request body that must be one JSON object; anything else is 400
 * `invalid_payload` with `details.fieldErrors.body` saying why.
 *
 * @example
 * ```ts
 * parseJsonObject('{"event":"signup"}') // { event: "signup" }
 * parseJsonObject("{oops") // throws HttpError 400 invalid_payload
 * ```
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "invalid_payload", {
      fieldErrors: { body: `must be valid JSON (${text.trim() === "" ? "the body is empty" : (err as Error).message})` },
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "invalid_payload", {
      fieldErrors: { body: `must be a JSON object (got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value})` },
    });
  }
  return value as Record<string, unknown>;
}
