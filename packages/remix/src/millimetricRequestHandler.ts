import { withMillimetric } from "@millimetric/fetch";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";

/**
 * Wraps a Web request handler — React Router's or Remix's `createRequestHandler(build)`,
 * a Cloudflare/Deno/Bun `fetch` handler — so the whole request (loaders, actions,
 * resource routes, render) runs in the request context: plain `track(event)` works
 * anywhere, and the response carries the `Set-Cookie` when the id was minted or repaired
 * (also a resource route's: a visitor's first request to one keeps the id its events
 * carry). It is `@millimetric/fetch`'s `withMillimetric`: the loaders and actions adopt its
 * decision, and the request's events are flushed through the platform's `waitUntil` (the
 * Workers `ctx` among the handler's arguments, or the `waitUntil` option).
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
  const { cookie, getUserId, isVisitorRequest, ignorePrivacySignals, waitUntil } = options;
  return withMillimetric(handler, {
    cookie,
    isVisitorRequest,
    ignorePrivacySignals,
    waitUntil,
    getUserId: getUserId && ((request) => getUserId(request, undefined)),
  });
}
