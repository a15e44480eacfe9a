import { MillimetricTypeError } from "@millimetric/core";
import { waitUntilOf } from "@millimetric/track-node/adapter";
import { createRequestScope } from "./createRequestScope";
import { hasProcessSignals } from "./hasProcessSignals";
import type { MillimetricFetchOptions } from "./MillimetricFetchOptions";

/** A Web-standard request handler: Hono's `app.fetch`, a Workers/Bun/Deno `fetch`, a Vercel function. */
export type FetchHandler<Rest extends unknown[] = unknown[], R extends Response | undefined | void = Response> = (
  request: Request,
  ...rest: Rest
) => R | Promise<R>;

/**
 * Wraps any `(request, ...rest) => Response` handler so every visitor's request has its
 * anonymous id: it reads the `aid` cookie (or the `x-millimetric-anonymous-id` header),
 * validates it, mints one for a browser's request that has none (a webhook gets no id and
 * no cookie, see `isVisitorRequest`), and runs the handler in that request's context, so
 * `track()`, `getAnonymousId()` and `aidScript()` anywhere below it — after any `await` —
 * use the id by themselves. The response carries `Set-Cookie: aid=…` (and the `mm_minted`
 * companion) when the id was minted or repaired; the handler's request carries the same
 * id on its `Cookie` header. Events are flushed after the response through the
 * platform's `waitUntil` when there is one (the Workers `ctx`, or the `waitUntil` option),
 * and on a runtime with process signals (Node, Bun, Deno) what is queued is delivered on
 * SIGTERM/SIGINT before the process ends (`flushOnExit`).
 *
 * Where the runtime has no AsyncLocalStorage (Workers without `nodejs_compat`), use
 * `millimetricOf(request)` in the handler instead of the plain helpers.
 *
 * No key is needed to serve: the client is created on the first `track()`.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { withMillimetric, track, aidScript } from "@millimetric/fetch";
 *
 * const app = new Hono();
 * app.get("/", (c) => c.html(`<head>${aidScript()}</head><body>Hi</body>`));
 * app.post("/signup", async (c) => {
 *   const user = await createUser(await c.req.json());
 *   track({ event: "signup", user_id: user.id }); // anonymous_id comes from the request
 *   return c.json(user, 201);
 * });
 * export default { fetch: withMillimetric(app.fetch) }; // Workers, Bun, Deno
 * ```
 */
export function withMillimetric<Rest extends unknown[], R extends Response | undefined | void = Response>(
  handler: FetchHandler<Rest, R>,
  options: MillimetricFetchOptions = {},
): (request: Request, ...rest: Rest) => Promise<R> {
  if (typeof handler !== "function") {
    throw new MillimetricTypeError(
      "invalid_argument",
      "[millimetric] withMillimetric(handler, options) takes your fetch handler first: withMillimetric(app.fetch), withMillimetric((request) => new Response(…)), or { fetch: withMillimetric(handler, { key }) }.",
    );
  }
  // Long-running servers (Node, Bun, Deno) flush on SIGTERM/SIGINT like Express and Fastify.
  const scope = createRequestScope({ ...options, flushOnExit: options.flushOnExit ?? hasProcessSignals() });
  return async function millimetricFetch(this: unknown, request: Request, ...rest: Rest): Promise<R> {
    // rest[0] is the Workers `env` (where a Worker's key is); Bun's server and Deno's
    // info hold no key and are ignored.
    const entered = scope.enter(request, { waitUntil: waitUntilOf(rest), env: rest[0] });
    try {
      const response = await entered.run(() => handler.call(this, entered.request, ...rest));
      return entered.withCookies(response);
    } finally {
      entered.afterResponse();
    }
  };
}
