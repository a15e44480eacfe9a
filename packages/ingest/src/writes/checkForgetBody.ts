import { checkEvent } from "@millimetric/core/internal";
import { invalidPayload } from "./invalidPayload";

/**
 * `POST /v1/forget`: `{ user_id }`, checked with core's user_id rule.
 *
 * @throws HttpError 400 `invalid_payload`
 * @example
 * ```ts
 * checkForgetBody({ user_id: "42" }) // "42"
 * ```
 */
export function checkForgetBody(body: Record<string, unknown>): string {
  const { user_id } = body;
  if (user_id == null) throw invalidPayload({ user_id: "is required: the user whose events to delete" });
  const r = checkEvent({ event: "forget", user_id }, { unknownKeys: "strip" });
  if (!r.ok) throw invalidPayload(r.fieldErrors);
  return r.event.user_id!;
}
