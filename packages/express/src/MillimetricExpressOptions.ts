import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClientOptions, MillimetricClient } from "@millimetric/track-node";
import type { AdapterVisitorOptions, SourceFlushOnExitOptions } from "@millimetric/track-node/adapter";

/** The request as the middleware's callbacks see it: Express's `Request` (with your augmentations). */
export type MillimetricRequest = IncomingMessage & Express.Request;
/** The response as the middleware's callbacks see it. */
export type MillimetricResponse = ServerResponse & { locals: Record<string, unknown> };

/**
 * Options of {@link millimetric}: the visitor options every adapter shares
 * ({@link AdapterVisitorOptions}: `cookie`, `getUserId`, `isVisitorRequest`,
 * `ignorePrivacySignals`; the cookie's `secure` follows `req.secure`, so set
 * `app.set("trust proxy", …)` behind a TLS-terminating proxy), and every {@link ClientOptions} field (`flushAt`,
 * `flushIntervalMs`, `maxRetries`, `onError`, …) configures the client this middleware
 * creates on the first `track()`.
 *
 * The defaults are the long-running server's recipe: events are batched (`flushAt: 50`,
 * or every `flushIntervalMs`, 1 s) and flushed on SIGTERM/SIGINT (`flushOnExit: true`).
 * On serverless platforms, where the instance freezes after the response, pass
 * `flushAt: 1` and `await flush()` before the handler returns.
 */
export interface MillimetricExpressOptions extends ClientOptions, AdapterVisitorOptions<MillimetricRequest> {
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
   * The CSP nonce for `req.millimetric.aidScript()` (and `res.locals.millimetric`), read when the script is rendered.
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
