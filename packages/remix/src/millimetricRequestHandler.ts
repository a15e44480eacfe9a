import { runWithContext } from "@millimetric/track-node/context";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { requestContext } from "./requestContext";
import { resolveRequestId } from "./resolveRequestId";
import { withSetCookie } from "./withSetCookie";

/**
 * Wraps a Web request handler — React Router's or Remix's `createRequestHandler(build)`,
 * a Cloudflare/Deno/Bun `fetch` handler — so the whole request (loaders, actions,
 * render) runs in the request context: plain `track(event)` works anywhere, and the
 * response carries the `Set-Cookie` when the id was minted or repaired.
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
  return async (request, ...rest) => {
    // `rest[0]` is no request scope: Bun passes its one server object, Cloudflare its
    // `env`; the async context set up here is what the request's loaders share.
    const resolved = resolveRequestId(request, undefined, options);
    const response = await runWithContext(requestContext(resolved), () => handler(request, ...rest));
    return resolved.setCookie ? withSetCookie(response, resolved.setCookie) : response;
  };
}
