import type { AdapterVisitorOptions, WaitUntil } from "@millimetric/track-node/adapter";

/**
 * Options of the server helpers: the visitor options every adapter shares
 * (`AdapterVisitorOptions`: `cookie`, `getUserId(request, context)` — `context` is the
 * loader's load context —, `isVisitorRequest(request)`, `ignorePrivacySignals`; the
 * cookie's `secure` follows the request URL's scheme or the first `X-Forwarded-Proto`),
 * plus how a plain value is sent with a cookie and where to hand the flush on serverless.
 */
export interface MillimetricRemixOptions extends AdapterVisitorOptions<Request, [context: unknown]> {
  /**
   * How a plain value returned by your loader (or a `withMillimetric` loader/action) is
   * sent when the `Set-Cookie` header must be added to it: `"data"` returns React
   * Router's `data(value, init)` shape (React Router 7 and 8, Remix 2 with
   * `future.v3_singleFetch`); `"json"` returns a JSON `Response` (what classic Remix 2
   * loaders must return; the others unwrap it too, as JSON).
   * @default detected: `"data"` when the loader's arguments show React Router 7.10+ or 8
   *   (they carry `url`/`pattern`); otherwise `"json"` when the value survives JSON
   *   unchanged; otherwise (a Date, Map, promise… on Remix 2 or older React Router 7) an
   *   error in development naming this option, and JSON with one log line in production.
   * @example millimetricLoader(args, loader, { response: "data" }) // Remix 2 single fetch with Dates in the root data
   */
  response?: "data" | "json";
  /**
   * Where to hand the flush of the request's events, so they are delivered after the
   * response without delaying it and the platform keeps the instance alive until then.
   * Found by itself on the load context: its own `waitUntil` (Netlify) or
   * `context.cloudflare.ctx.waitUntil` (the Cloudflare templates); pass it on platforms
   * that export it instead (Vercel functions). Without one, events leave in the
   * background (long-running servers).
   * @default the load context's `waitUntil`, else `context.cloudflare.ctx.waitUntil`, else none
   * @example
   * ```ts
   * import { waitUntil } from "@vercel/functions";
   * export const mmOptions = { waitUntil } satisfies MillimetricRemixOptions;
   * ```
   */
  waitUntil?: WaitUntil;
}

/** What loaders and actions receive; only `request` and `context` are read. */
export interface DataFunctionArgsLike {
  request: Request;
  context?: unknown;
}
