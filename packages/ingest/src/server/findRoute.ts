import { HttpError } from "./HttpError";
import type { Route } from "./Route";
import { routeTable } from "./routeTable";

// A Map, not an object: a path like /__proto__ or /constructor must find nothing.
const byPath = new Map(routeTable.map((route) => [route.path, route]));

/**
 * The route table's row for `pathname`, or 404 `not_found` listing the routes there are.
 *
 * @example
 * ```ts
 * findRoute("/v1/batch").method // "POST"
 * ```
 */
export function findRoute(pathname: string): Route {
  const route = byPath.get(pathname);
  if (route) return route;
  throw new HttpError(404, "not_found", {
    message: `[millimetric] no route ${pathname.slice(0, 200)}; routes: ${routeTable.map((r) => r.path).join(", ")}`,
  });
}
