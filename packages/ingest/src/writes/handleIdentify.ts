import { arrivalContextFor } from "./arrivalContextFor";
import { checkIdentifyBody } from "./checkIdentifyBody";
import type { WriteRequest } from "../server/Route";
import { sendJson } from "../server/sendJson";
import { toStoredEvent } from "./toStoredEvent";

/**
 * `POST /v1/identify`: stores the `$identify` event linking the two ids (earlier rows
 * are not rewritten: stitching is a join at query time); `200 {"ok":true}`.
 *
 * @example
 * ```ts
 * { method: "POST", path: "/v1/identify", handle: handleIdentify, … } // a row of routeTable
 * ```
 */
export function handleIdentify({ ctx, req, res, key, body }: WriteRequest): void {
  const arrival = arrivalContextFor(req, key);
  ctx.store.insert([toStoredEvent(checkIdentifyBody(body, arrival.now), arrival)]);
  sendJson(res, 200, { ok: true });
}
