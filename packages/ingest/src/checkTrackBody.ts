import { checkEvent, type MillimetricEvent } from "@millimetric/core";
import { invalidPayload } from "./invalidPayload";

/**
 * `POST /v1/track`: the body is one event, checked by core's `checkEvent` (the one
 * source of the event rules); fields the server derives itself are stripped.
 *
 * @throws HttpError 400 `invalid_payload`
 * @example
 * ```ts
 * checkTrackBody({ event: "signup", browser: "ignored" }) // { event: "signup" }
 * ```
 */
export function checkTrackBody(body: Record<string, unknown>): MillimetricEvent {
  const r = checkEvent(body, { unknownKeys: "strip" });
  if (!r.ok) throw invalidPayload(r.fieldErrors);
  return r.event;
}
