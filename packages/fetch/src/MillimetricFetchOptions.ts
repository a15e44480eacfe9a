import type { ClientOptions, MillimetricClient } from "@millimetric/track-node";
import type { AdapterVisitorOptions, SourceFlushOnExitOptions, WaitUntil } from "@millimetric/track-node/adapter";

/**
 * Options of {@link withMillimetric} (and of the Hono middleware): the visitor options
 * every adapter shares ({@link AdapterVisitorOptions}: `cookie`, `getUserId`,
 * `isVisitorRequest`, `ignorePrivacySignals`; the cookie's `secure` follows the request
 * URL's scheme or the first `X-Forwarded-Proto`), and every {@link ClientOptions} field (`key`, `host`, `flushAt`, `flushIntervalMs`, `maxRetries`,
 * `onError`, …) configures the client the wrapper creates on the first `track()`.
 */
export interface MillimetricFetchOptions extends ClientOptions, AdapterVisitorOptions<Request> {
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
  /**
   * Deliver what is queued when the process receives SIGTERM or SIGINT (5 s at most),
   * then let the signal take its course: if your app listens for it (`server.close()` and
   * the like), your handler decides when to exit (`await flush()` in it before
   * `process.exit()`); otherwise the process ends as it would have without us. Off where no
   * signal ever reaches the app (Workers, Vercel Edge: `waitUntil` does the job there).
   * `{ timeoutMs, signals }` to tune it, `false` to leave signals alone. When the process
   * exits anyway with events pending, one line on stderr says how many were lost.
   * @default true on runtimes with process signals (Node, Bun, Deno), false on Workers and
   *   edge runtimes; `false` for `createRequestScope` (the adapter built on it decides)
   * @example withMillimetric(app.fetch, { flushOnExit: { timeoutMs: 2000, signals: ["SIGTERM"] } })
   * @example withMillimetric(app.fetch, { flushOnExit: false }) // your SIGTERM handler awaits flush()
   */
  flushOnExit?: boolean | SourceFlushOnExitOptions;
}
