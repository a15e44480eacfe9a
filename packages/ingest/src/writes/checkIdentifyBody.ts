import { type MillimetricEvent } from "@millimetric/core";
import { checkEvent } from "@millimetric/core/internal";
import { futureTimestampError } from "./futureTimestampError";
import { invalidPayload } from "./invalidPayload";

/**
 * `POST /v1/identify`: `{ anonymous_id, user_id, traits? }` (both ids required;
 * `timestamp` and `event_id` are honoured too) becomes the `$identify` event that
 * links the two ids, traits as its properties. Id rules come from core's `checkEvent`;
 * `timestamp` may be at most 24 hours ahead of the server's clock `now`.
 *
 * @throws HttpError 400 `invalid_payload`
 * @example
 * ```ts
 * checkIdentifyBody({ anonymous_id: "u_1", user_id: "42", traits: { plan: "pro" } }, Date.now())
 * // { event: "$identify", anonymous_id: "u_1", user_id: "42", properties: { plan: "pro" } }
 * ```
 */
export function checkIdentifyBody(body: Record<string, unknown>, now: number): MillimetricEvent {
  const { anonymous_id, user_id, traits, timestamp, event_id } = body;
  const r = checkEvent(
    { event: "$identify", anonymous_id, user_id, properties: traits, timestamp, event_id },
    { unknownKeys: "strip" },
  );
  const errors: Record<string, string> = {};
  if (!r.ok) for (const field in r.fieldErrors) errors[field === "properties" ? "traits" : field] = r.fieldErrors[field]!;
  if (anonymous_id == null) errors.anonymous_id = "is required: the browser's anonymous id to link to user_id";
  if (user_id == null) errors.user_id = "is required: your app's id for the user";
  const future = errors.timestamp ? undefined : futureTimestampError(timestamp, now);
  if (future) errors.timestamp = future;
  for (const _ in errors) throw invalidPayload(errors);
  return (r as { event: MillimetricEvent }).event;
}
