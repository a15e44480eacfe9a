import { withMillimetric } from "@millimetric/fetch";
import { runWithContext } from "@millimetric/track-node/context";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { requestContext } from "./requestContext";
import { resolveRequestId } from "./resolveRequestId";

/**
 * Wraps a Web request handler — React Router's or Remix's `createRequestHandler(build)`,
 * a Cloudflare/Deno/Bun `fetch` handler — so the whole request (loaders, actions,
 * render) runs in the request context: plain `track(event)` works anywhere, and the
 * response carries the `Set-Cookie` when the id was minted or repaired. It is
 * `@millimetric/fetch`'s `withMillimetric` (so events are also flushed through the
 * Workers `ctx.waitUntil` when the handler receives one) with the resolution shared by
 * the request's loaders and actions.
 *
 * @example
 * ```ts
 * // server.ts (custom server)
 * import { createRequestHandler } from "react-router";
 * import { millimetricRequestHandler } from "@millimetric/remix/server";
 * const handler = millimetricRequestHandler(createRequestHandler(() => import("./build/server/index.js")));
 * export default { fetch: (request: Request) => handler(request) };
 * ```
 */
export function millimetricRequestHandler<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  options: MillimetricRemixOptions = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  const { cookie, getUserId, isVisitorRequest, ignorePrivacySignals } = options;
  return withMillimetric(
    (request: Request, ...rest: Rest) => {
      // Adopts the id the wrapper just resolved, for the loaders to share.
      const resolved = resolveRequestId(request, undefined, options);
      return runWithContext(requestContext(resolved), () => handler(request, ...rest));
    },
    { cookie, isVisitorRequest, ignorePrivacySignals, getUserId: getUserId && ((request) => getUserId(request, undefined)) },
  );
}
