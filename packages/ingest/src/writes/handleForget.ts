import { checkForgetBody } from "./checkForgetBody";
import type { WriteRequest } from "../server/Route";
import { sendJson } from "../server/sendJson";

/**
 * `POST /v1/forget`: deletes the user's events; `200 {"ok":true,"queued":true}`.
 *
 * @example
 * ```ts
 * { method: "POST", path: "/v1/forget", handle: handleForget, … } // a row of routeTable
 * ```
 */
export function handleForget({ ctx, res, body }: WriteRequest): void {
  ctx.store.forget(checkForgetBody(body));
  sendJson(res, 200, { ok: true, queued: true });
}
