import { MAX_BATCH_EVENTS, type MillimetricEvent } from "@millimetric/core";
import { checkEvent } from "@millimetric/core/internal";
import { futureTimestampError } from "./futureTimestampError";
import { invalidPayload } from "./invalidPayload";

/**
 * `POST /v1/batch`: `{ events: [...] }` with 1–1000 events, each checked by core's
 * `checkEvent` and against the server's clock `now` (a `timestamp` at most 24 hours
 * ahead). The batch is all-or-nothing, so every broken field of every event is
 * reported at once, keyed like `events.3.user_id`.
 *
 * @throws HttpError 400 `invalid_payload`
 * @example
 * ```ts
 * checkBatchBody({ events: [{ event: "a" }, { event: "" }] }, Date.now())
 * // throws: fieldErrors { "events.1.event": "must be a string of 1–128 characters" }
 * ```
 */
export function checkBatchBody(body: Record<string, unknown>, now: number): MillimetricEvent[] {
  const { events } = body;
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_BATCH_EVENTS) {
    const got = Array.isArray(events) ? `${events.length} events` : events === undefined ? "nothing" : typeof events;
    throw invalidPayload({ events: `must be an array of 1–${MAX_BATCH_EVENTS} events (got ${got}); split larger batches` });
  }
  const out: MillimetricEvent[] = [];
  const errors: Record<string, string> = {};
  let failed = false;
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    const r = checkEvent(e, { unknownKeys: "strip" });
    const timestamp = typeof e === "object" && e !== null ? (e as Record<string, unknown>).timestamp : undefined;
    const future = r.ok || !r.fieldErrors.timestamp ? futureTimestampError(timestamp, now) : undefined;
    if (r.ok && !future) {
      out.push(r.event);
      continue;
    }
    failed = true;
    if (future) errors[`events.${i}.timestamp`] = future;
    if (r.ok) continue;
    if (typeof e !== "object" || e === null || Array.isArray(e)) errors[`events.${i}`] = r.fieldErrors.event!;
    else for (const field in r.fieldErrors) errors[`events.${i}.${field}`] = r.fieldErrors[field]!;
  }
  if (failed) throw invalidPayload(errors);
  return out;
}
