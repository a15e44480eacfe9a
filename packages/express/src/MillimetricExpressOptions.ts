import type { IncomingMessage, ServerResponse } from "node:http";
import type { AidCookieOptions } from "@millimetric/core";
import type { ClientOptions, MillimetricClient } from "@millimetric/track-node";
import type { SourceFlushOnExitOptions } from "@millimetric/track-node/adapter";

/** The request as the middleware's callbacks see it: Express's `Request` (with your augmentations). */
export type MillimetricRequest = IncomingMessage & Express.Request;
/** The response as the middleware's callbacks see it. */
export type MillimetricResponse = ServerResponse & { locals: Record<string, unknown> };

/**
 * Options of {@link millimetric}. Every {@link ClientOptions} field (`flushAt`,
 * `flushIntervalMs`, `maxRetries`, `onError`, …) configures the client this middleware
 * creates on the first `track()`.
 *
 * The defaults are the long-running server's recipe: events are batched (`flushAt: 50`,
 * or every `flushIntervalMs`, 1 s) and flushed on SIGTERM/SIGINT (`flushOnExit: true`).
 * On serverless platforms, where the instance freezes after the response, pass
 * `flushAt: 1` and `await flush()` before the handler returns.
 */
export interface MillimetricExpressOptions extends ClientOptions {
  /**
   * How many queued events trigger a send. A long-running server batches: at an ordinary
   * few hundred requests a second, sending each event at once costs several times the CPU
   * per request of sending 50 together (one POST per event, instead of one per 50), while
   * the interval still sends a quiet server's events within `flushIntervalMs`. Applies to
   * the client the middleware creates, and to track-node's default client when the
   * middleware is the one that creates it; a `client` you pass keeps its own.
   * @default 50 (track-node's own default is 1)
   * @example millimetric({ flushAt: 1 }) // serverless: then await flush() before returning
   */
  flushAt?: number;
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
   * @example millimetric({ ignorePrivacySignals: true }) // your consent banner decides before any request reaches here
   */
  ignorePrivacySignals?: boolean;
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
   * `process.exit()`); otherwise the process ends as if we had never listened. `true` uses the defaults of {@link SourceFlushOnExitOptions} (5 s at most, SIGTERM and SIGINT). Several middlewares
   * with it share one listener per signal, which flushes each of their clients once.
   * On by default, since events are batched (`flushAt: 50`); `false` leaves signals alone
   * (then flush yourself before the process ends).
   * @default true
   * @example millimetric({ flushOnExit: false }) // your own SIGTERM handler awaits flush()
   * @example millimetric({ flushOnExit: { timeoutMs: 2000, signals: ["SIGTERM"] } })
   */
  flushOnExit?: boolean | SourceFlushOnExitOptions;
}
