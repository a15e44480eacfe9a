import { runWithContext } from "@millimetric/track-node/context";
import { afterResponse } from "./afterResponse";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { markFinished, requestContext } from "./requestContext";
import { requestVisitor } from "./requestVisitor";
import { scopeFor } from "./scopeFor";
import { withSetCookies } from "./withSetCookies";

/** A React Router server middleware (`future.v8_middleware`). */
export type MillimetricMiddlewareFunction = (args: DataFunctionArgsLike, next: () => Promise<Response>) => Promise<Response>;

/**
 * React Router middleware (React Router 8, or 7 with `future.v8_middleware: true`) for
 * the root route: every loader, action, resource route and the render of the request run
 * in its context, so plain `track(event)` works everywhere, and the `Set-Cookie` goes on
 * the final response — also a resource route's, so a visitor's first request to one gets
 * the cookie of the id its events carry. Still use `millimetricLoader` in the root loader
 * to hand the id to the browser. Bad cookie options throw here, when it is called.
 *
 * @example
 * ```ts
 * // app/root.tsx
 * import { millimetricMiddleware } from "@millimetric/remix/server";
 * export const middleware: Route.MiddlewareFunction[] = [millimetricMiddleware()];
 * ```
 */
export function millimetricMiddleware(options: MillimetricRemixOptions = {}): MillimetricMiddlewareFunction {
  scopeFor(options); // checks the cookie options now, naming a bad one
  return async function millimetric({ request, context }, next) {
    const state = requestVisitor(request, context, options, { owns: true });
    const requestScope = requestContext(state);
    try {
      return withSetCookies(await runWithContext(requestScope, next), state.setCookies);
    } finally {
      markFinished(requestScope);
      afterResponse(context, options);
    }
  };
}
