import { privateCacheControl } from "@millimetric/core";
import { createRequestScope, type MillimetricFetchOptions, type RequestMillimetric } from "@millimetric/fetch";
import type { Context, MiddlewareHandler } from "hono";
import { hasProcessSignals } from "./hasProcessSignals";

/** Options of the Hono {@link millimetric} middleware: those of `withMillimetric`, with Hono's `Context` for the callbacks. */
export interface MillimetricHonoOptions extends Omit<MillimetricFetchOptions, "getUserId" | "isVisitorRequest"> {
  /**
   * Resolves the signed-in user's id for events of this request, lazily, on the first
   * `track()` that needs it. Read what your auth middleware set on the context.
   * @default undefined (events carry no user_id unless you pass one)
   * @example app.use(millimetric({ getUserId: (c) => c.get("user")?.id }))
   */
  getUserId?: (c: Context) => string | number | null | undefined;
  /**
   * Whether a request that carries no valid id of its own is a visitor's (gets a minted
   * id and the cookie). See `withMillimetric`'s option of the same name.
   * @default (c) => isBrowserRequest((name) => c.req.raw.headers.get(name))
   * @example app.use(millimetric({ isVisitorRequest: (c) => !c.req.path.startsWith("/webhooks/") }))
   */
  isVisitorRequest?: (c: Context) => boolean;
}

declare module "hono" {
  interface ContextVariableMap {
    /** The visitor of this request (set by `millimetric()` from `@millimetric/fetch/hono`). */
    millimetric: RequestMillimetric;
  }
}

/**
 * Hono middleware doing what `withMillimetric(app.fetch)` does, for apps that prefer
 * `app.use()`: the visitor's id from the `aid` cookie (minted for a browser's first
 * request, never for a webhook), `Set-Cookie` on the response, the rest of the request in
 * its context (plain `track()` and `aidScript()` work after any `await`), `c.get("millimetric")`
 * for the explicit API, the flush after the response through `c.executionCtx.waitUntil`
 * on Workers, and on SIGTERM/SIGINT on Node, Bun and Deno (`flushOnExit`). Use it or
 * `withMillimetric`, not both.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { millimetric } from "@millimetric/fetch/hono";
 * import { track, aidScript } from "@millimetric/fetch";
 *
 * const app = new Hono();
 * app.use(millimetric({ getUserId: (c) => c.get("user")?.id }));
 * app.get("/", (c) => c.html(`<head>${aidScript()}</head>`));
 * app.post("/signup", (c) => { track({ event: "signup" }); return c.body(null, 201); });
 * ```
 */
export function millimetric(options: MillimetricHonoOptions = {}): MiddlewareHandler {
  const { getUserId, isVisitorRequest, ...rest } = options;
  // As withMillimetric: flushed on SIGTERM/SIGINT where the runtime has signals.
  const scope = createRequestScope({ ...rest, flushOnExit: rest.flushOnExit ?? hasProcessSignals() });
  return async function millimetricMiddleware(c, next) {
    const entered = scope.enter(c.req.raw, {
      env: c.env,
      waitUntil: executionWaitUntil(c),
      getUserId: getUserId && (() => getUserId(c)),
      isVisitor: isVisitorRequest && (() => isVisitorRequest(c)),
    });
    if (entered.request !== c.req.raw) c.req.raw = entered.request;
    c.set("millimetric", entered.millimetric);
    try {
      await entered.run(() => next());
    } finally {
      entered.afterResponse();
    }
    // Hono copies a finalized response whose headers are immutable before appending.
    if (entered.setCookies.length) {
      for (const cookie of entered.setCookies) c.header("Set-Cookie", cookie, { append: true });
      // A shared cache must never store and replay this visitor's cookie (contract row 18).
      c.header("Cache-Control", privateCacheControl(c.res.headers.get("cache-control")));
    }
  };
}

/** `c.executionCtx.waitUntil` on Workers; Hono's getter throws elsewhere. */
function executionWaitUntil(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return typeof ctx?.waitUntil === "function" ? (promise) => ctx.waitUntil(promise) : undefined;
  } catch {
    return undefined;
  }
}
