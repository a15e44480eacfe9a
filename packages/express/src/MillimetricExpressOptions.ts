import type { IncomingMessage, ServerResponse } from "node:http";
import type { AidCookieOptions } from "@millimetric/core";
import type { ClientOptions, MillimetricClient } from "@millimetric/track-node";
import type { FlushOnExitOptions } from "./FlushOnExitOptions";

/** The request as the middleware's callbacks see it: Express's `Request` (with your augmentations). */
export type MillimetricRequest = IncomingMessage & Express.Request;
/** The response as the middleware's callbacks see it. */
export type MillimetricResponse = ServerResponse & { locals: Record<string, unknown> };

/**
 * Options of {@link millimetric}. Every {@link ClientOptions} field (`flushAt`,
 * `flushIntervalMs`, `maxRetries`, `onError`, …) configures the client this middleware
 * creates on the first `track()`.
 */
export interface MillimetricExpressOptions extends ClientOptions {
  /**
   * A client to use instead of creating one. This package's `flush()` and `shutdown()`
   * flush it with the others; stopping it (`client.shutdown()`) stays yours.
   * Without it and without any client option, the middleware uses track-node's default
   * client (the one `init()` configures, else `MILLIMETRIC_SECRET_KEY`/`MILLIMETRIC_HOST`).
   * @default undefined (created lazily on the first track)
   * @example millimetric({ client: new MillimetricClient({ flushAt: 50 }) })
   */
  client?: MillimetricClient;
  /**
   * Name and attributes of the id cookie. `secure` defaults to `req.secure` (set
   * `app.set("trust proxy", …)` behind a TLS-terminating proxy).
   * @default { name: "aid", path: "/", maxAge: 31536000, sameSite: "Lax", secure: req.secure }
   * @example millimetric({ cookie: { domain: "example.com" } })
   */
  cookie?: AidCookieOptions;
  /**
   * Resolves the signed-in user's id for events of this request. Called lazily, on the
   * first `track()` that needs it, and at most once per request once it returns an id.
   * @default undefined (events carry no user_id unless you pass one)
   * @example millimetric({ getUserId: (req) => req.user?.id })
   */
  getUserId?: (req: MillimetricRequest) => string | number | null | undefined;
  /**
   * Whether a request that carries no valid id of its own (no `aid` cookie, no
   * `x-millimetric-anonymous-id` header) is a visitor's, and so gets a freshly minted id
   * and the `Set-Cookie`. Anything else — a Stripe webhook, a health check, a cron job —
   * gets no id and no cookie: `req.millimetric.anonymousId` is `undefined` and its events
   * carry only `user_id` and what you pass, instead of a phantom visitor's id. A request
   * that already carries a valid id keeps it whatever this says. The default is core's
   * `isBrowserRequest` over the request headers: a `Sec-Fetch-Site` or `Sec-Fetch-Dest`
   * header (every current browser sends them), or `text/html` in `Accept` (every
   * navigation). A function that throws counts as "no", reported once.
   * @default (req) => isBrowserRequest((name) => req.headers[name])
   * @example millimetric({ isVisitorRequest: (req) => !req.url?.startsWith("/webhooks/") })
   * @example millimetric({ isVisitorRequest: () => true }) // mint for every request, as before
   */
  isVisitorRequest?: (req: MillimetricRequest) => boolean;
  /**
   * The CSP nonce for `res.locals.millimetric.script`, read when the script is rendered.
   * @default (req, res) => res.locals.cspNonce ?? res.locals.nonce
   * @example millimetric({ nonce: (req, res) => res.locals.myNonce })
   */
  nonce?: (req: MillimetricRequest, res: MillimetricResponse) => string | undefined;
  /**
   * Flush queued events when the process receives SIGTERM or SIGINT, then let the signal
   * do what it would have done: if your app has its own listener for it, nothing more
   * (your handler decides when to exit: `await flush()` from this package in it before
   * `process.exit()`); otherwise the process ends as if we had never listened. `true` uses the defaults of {@link FlushOnExitOptions}. Several middlewares
   * with it share one listener per signal, which flushes each of their clients once.
   * @default false
   * @example millimetric({ flushOnExit: true })
   * @example millimetric({ flushOnExit: { timeoutMs: 2000, signals: ["SIGTERM"] } })
   */
  flushOnExit?: boolean | FlushOnExitOptions;
}
