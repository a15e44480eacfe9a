import { arrivalContextFor } from "./arrivalContextFor";
import { checkBatchBody } from "./checkBatchBody";
import type { WriteRequest } from "../server/Route";
import { sendJson } from "../server/sendJson";
import { toStoredEvent } from "./toStoredEvent";

/**
 * `POST /v1/batch`: stores every event or, when one is invalid, none (the check
 * throws before anything is written); `202 {"ok":true,"count":N}`.
 *
 * @example
 * ```ts
 * { method: "POST", path: "/v1/batch", handle: handleBatch, … } // a row of routeTable
 * ```
 */
export function handleBatch({ ctx, req, res, key, body }: WriteRequest): void {
  const arrival = arrivalContextFor(req, key);
  const events = checkBatchBody(body, arrival.now);
  ctx.store.insert(events.map((e) => toStoredEvent(e, arrival)));
  sendJson(res, 202, { ok: true, count: events.length });
}
