import { parseQueryParams } from "./parseQueryParams";
import type { RouteRequest } from "../server/Route";
import { sendJson } from "../server/sendJson";

/**
 * `GET /v1/query`: the stored events matching the query parameters; `200 {"events":[…]}`.
 *
 * @example
 * ```ts
 * { method: "GET", path: "/v1/query", handle: handleQuery, … } // a row of routeTable
 * ```
 */
export function handleQuery({ ctx, res, query }: RouteRequest): void {
  sendJson(res, 200, { events: ctx.store.query(parseQueryParams(query)) });
}
