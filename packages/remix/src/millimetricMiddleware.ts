import { runWithContext } from "@millimetric/track-node/context";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { requestContext } from "./requestContext";
import { resolveRequestId } from "./resolveRequestId";
import { withSetCookies } from "./withSetCookies";

/** A React Router server middleware (`future.v8_middleware`). */
export type MillimetricMiddlewareFunction = (args: DataFunctionArgsLike, next: () => Promise<Response>) => Promise<Response>;

/**
 * React Router v7 middleware (`future.v8_middleware: true`) for the root route: every
 * loader, action and the render of the request run in its context, so plain
 * `track(event)` works everywhere, and the `Set-Cookie` goes on the final response.
 * Still use `millimetricLoader` in the root loader to hand the id to the browser.
 *
 * @example
 * ```ts
 * // app/root.tsx
 * import { millimetricMiddleware } from "@millimetric/remix/server";
 * export const middleware: Route.MiddlewareFunction[] = [millimetricMiddleware()];
 * ```
 */
export function millimetricMiddleware(options: MillimetricRemixOptions = {}): MillimetricMiddlewareFunction {
  return async function millimetric({ request, context }, next) {
    const resolved = resolveRequestId(request, context, options);
    const response = await runWithContext(requestContext(resolved), next);
    return withSetCookies(response, resolved.setCookies);
  };
}
