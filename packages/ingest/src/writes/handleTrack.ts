import { arrivalContextFor } from "./arrivalContextFor";
import { checkTrackBody } from "./checkTrackBody";
import type { WriteRequest } from "../server/Route";
import { sendJson } from "../server/sendJson";
import { toStoredEvent } from "./toStoredEvent";

/**
 * `POST /v1/track`: stores one event; `202 {"ok":true,"event_id":<id or null>}`.
 *
 * @example
 * ```ts
 * { method: "POST", path: "/v1/track", handle: handleTrack, … } // a row of routeTable
 * ```
 */
export function handleTrack({ ctx, req, res, key, body }: WriteRequest): void {
  const arrival = arrivalContextFor(req, key);
  const event = checkTrackBody(body, arrival.now);
  ctx.store.insert([toStoredEvent(event, arrival)]);
  sendJson(res, 202, { ok: true, event_id: event.event_id ?? null });
}
