import type { AidCookieOptions } from "@millimetric/core";
import type { ClientOptions, MillimetricClient } from "@millimetric/track-node";
import type { WaitUntil } from "@millimetric/track-node/adapter";

/**
 * Options of {@link withMillimetric} (and of the Hono middleware). Every
 * {@link ClientOptions} field (`key`, `host`, `flushAt`, `flushIntervalMs`, `maxRetries`,
 * `onError`, …) configures the client the wrapper creates on the first `track()`.
 */
export interface MillimetricFetchOptions extends ClientOptions {
  /**
   * Server key (`sk_…`).
   * @default process.env.MILLIMETRIC_SECRET_KEY, else on Cloudflare Workers the
   *   `MILLIMETRIC_SECRET_KEY` secret or var of the `env` each request receives
   * @example withMillimetric(app.fetch, { key: process.env.MILLIMETRIC_SECRET_KEY })
   */
  key?: string;
  /**
   * Base URL of the ingest API.
   * @default process.env.MILLIMETRIC_HOST, else the Workers `env.MILLIMETRIC_HOST`, else "https://api.millimetric.ai"
   * @example withMillimetric(app.fetch, { host: "http://127.0.0.1:8787" }) // npx millimetric-ingest
   */
  host?: string;
  /**
   * A client to use instead of creating one. This package's `flush()` and `shutdown()`
   * flush it with the others; stopping it (`client.shutdown()`) stays yours. Without it
   * and without any client option, the wrapper uses track-node's default client (the one
   * `init()` configures, else `MILLIMETRIC_SECRET_KEY`/`MILLIMETRIC_HOST`).
   * @default undefined (created lazily on the first track)
   * @example withMillimetric(handler, { client: new MillimetricClient({ flushAt: 50 }) })
   */
  client?: MillimetricClient;
  /**
   * Name and attributes of the id cookie. `secure` defaults to whether the visitor came
   * over https (the request URL, or `X-Forwarded-Proto` from your proxy).
   * @default { name: "aid", path: "/", maxAge: 31536000, sameSite: "Lax" }
   * @example withMillimetric(app.fetch, { cookie: { domain: "example.com" } })
   */
  cookie?: AidCookieOptions;
  /**
   * Resolves the signed-in user's id for events of this request. Called lazily, on the
   * first `track()` that needs it, and at most once per request once it returns an id.
   * Synchronous: read what your auth code already put somewhere the request reaches.
   * @default undefined (events carry no user_id unless you pass one)
   * @example withMillimetric(handler, { getUserId: (request) => sessions.get(request)?.userId })
   */
  getUserId?: (request: Request) => string | number | null | undefined;
  /**
   * Whether a request that carries no valid id of its own (no `aid` cookie, no
   * `x-millimetric-anonymous-id` header) is a visitor's, and so gets a freshly minted id
   * and the `Set-Cookie`. Anything else — a Stripe webhook, a health check, a cron call —
   * gets no id and no cookie: its events carry only `user_id` and what you pass, instead of
   * a phantom visitor's id. A request that already carries a valid id keeps it whatever
   * this says. The default is core's `isBrowserRequest`: a `Sec-Fetch-Site` or
   * `Sec-Fetch-Dest` header (every current browser sends them), or `text/html` in `Accept`
   * (every navigation). A function that throws counts as "no", reported once.
   * @default (request) => isBrowserRequest((name) => request.headers.get(name))
   * @example withMillimetric(handler, { isVisitorRequest: (request) => !new URL(request.url).pathname.startsWith("/webhooks/") })
   */
  isVisitorRequest?: (request: Request) => boolean;
  /**
   * Mint, set the cookie and send even under Global Privacy Control. By default a request
   * carrying Global Privacy Control (`Sec-GPC: 1`) or the `mm_optout=1` cookie (written by
   * the browser SDK's `optOut()`) is honoured: no id is minted, no `aid` cookie is set, and
   * `track()`/`identify()` in that request send nothing (they return `undefined`; with
   * `debug` the client logs the drop). Set it only when consent is settled another way: it
   * turns off Global Privacy Control, never the visitor's own `mm_optout=1` (only `optIn()`
   * clears that);
   * the browser SDK's option has the same name. Events that are not about the visitor (a
   * webhook's, with only a `user_id`) are the app's call: send them with an explicit
   * context, `client.track(event, {})`.
   * @default false
   * @example withMillimetric(handler, { ignorePrivacySignals: true }) // consent is settled by your own banner
   */
  ignorePrivacySignals?: boolean;
  /**
   * Where to hand the flush of this request's events so it runs after the response
   * without delaying it, and the platform keeps the instance alive until it is done. Found
   * by itself among the handler's arguments when one has a `waitUntil` method (the
   * Cloudflare Workers `ctx`, the Vercel and Netlify edge `context`); pass it on platforms
   * that export it instead (Vercel functions). Without one, events leave in the
   * background (long-running servers: Node, Bun, Deno); on a platform that freezes after
   * the response and has no `waitUntil` (AWS Lambda), `await flush()` before returning.
   * @default the `waitUntil` of the handler's `ctx`/`context` argument, if any
   * @example
   * ```ts
   * import { waitUntil } from "@vercel/functions";
   * export const GET = withMillimetric(handler, { waitUntil });
   * ```
   */
  waitUntil?: WaitUntil;
}
