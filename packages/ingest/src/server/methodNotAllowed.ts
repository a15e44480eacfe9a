import { apiRouteMethods } from "./cors";
import { HttpError } from "./HttpError";
import type { Route } from "./Route";

/**
 * The 405 `method_not_allowed` answer, with the `Allow` header naming what the route
 * does answer (OPTIONS too on API routes, which take a CORS preflight).
 *
 * @example
 * ```ts
 * throw methodNotAllowed(route, true); // Allow: POST, OPTIONS
 * ```
 */
export function methodNotAllowed(route: Route, isApiRoute: boolean): HttpError {
  return new HttpError(
    405,
    "method_not_allowed",
    { message: `[millimetric] ${route.path} answers ${route.method} only` },
    {},
    { Allow: isApiRoute ? apiRouteMethods(route.method) : route.method },
  );
}
