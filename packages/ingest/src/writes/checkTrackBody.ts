import { type MillimetricEvent } from "@millimetric/core";
import { checkEvent } from "@millimetric/core/internal";
import { futureTimestampError } from "./futureTimestampError";
import { invalidPayload } from "./invalidPayload";

/**
 * `POST /v1/track`: the body is one event, checked by core's `checkEvent` (the one
 * source of the event rules) and against the server's clock `now` (a `timestamp` at
 * most 24 hours ahead); fields the server derives itself are stripped.
 *
 * @throws HttpError 400 `invalid_payload`
 * @example
 * ```ts
 * checkTrackBody({ event: "signup", browser: "ignored" }, Date.now()) // { event: "signup" }
 * ```
 */
export function checkTrackBody(body: Record<string, unknown>, now: number): MillimetricEvent {
  const r = checkEvent(body, { unknownKeys: "strip" });
  const errors: Record<string, string> = r.ok ? {} : { ...r.fieldErrors };
  const future = errors.timestamp ? undefined : futureTimestampError(body.timestamp, now);
  if (future) errors.timestamp = future;
  if (!r.ok || future) throw invalidPayload(errors);
  return r.event;
}
