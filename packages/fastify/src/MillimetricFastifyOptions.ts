import type { ClientOptions, MillimetricClient } from "@millimetric/track-node";
import type { AdapterVisitorOptions, SourceFlushOnExitOptions } from "@millimetric/track-node/adapter";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Options of the {@link millimetric} plugin: the visitor options every adapter shares
 * ({@link AdapterVisitorOptions}: `cookie`, `getUserId`, `isVisitorRequest`,
 * `ignorePrivacySignals`; the cookie's `secure` follows `request.protocol`, which honours
 * Fastify's `trustProxy`), and every {@link ClientOptions} field (`key`,
 * `host`, `flushAt`, `flushIntervalMs`, `maxRetries`, `onError`, …) configures the client
 * the plugin creates on the first `track()`.
 *
 * The defaults are the long-running server's recipe: events are batched (`flushAt: 50`,
 * or every `flushIntervalMs`, 1 s), delivered by `app.close()` and on SIGTERM/SIGINT
 * (`flushOnExit: true`). On serverless platforms, where the instance freezes after the
 * response, pass `flushAt: 1` and `await flush()` before the reply goes out.
 */
export interface MillimetricFastifyOptions extends ClientOptions, AdapterVisitorOptions<FastifyRequest> {
  /**
   * How many queued events trigger a send. A long-running server batches: at an ordinary
   * few hundred requests a second, sending each event at once costs several times the CPU
   * per request of sending 50 together (one POST per event, instead of one per 50), while
   * the interval still sends a quiet server's events within `flushIntervalMs`. Applies to
   * the client the plugin creates, and to track-node's default client when the plugin is
   * the one that creates it; a `client` you pass keeps its own.
   * @default 50 (track-node's own default is 1)
   * @example app.register(millimetric, { flushAt: 1 }) // serverless: then await flush() in onSend
   */
  flushAt?: number;
  /**
   * Flush queued events when the process receives SIGTERM or SIGINT, then let the signal
   * do what it would have done: if your app has its own listener for it (`app.close()`),
   * nothing more (your handler decides when to exit; `app.close()` delivers the rest);
   * otherwise the process ends as if we had never listened, so a server that never wired
   * a signal to `app.close()` still delivers what is queued. `true` uses the defaults of
   * {@link SourceFlushOnExitOptions} (5 s at most, SIGTERM and SIGINT). Several
   * registrations share one listener per signal, which flushes each of their clients once.
   * On by default, since events are batched (`flushAt: 50`); `false` leaves signals alone.
   * @default true
   * @example app.register(millimetric, { flushOnExit: false }) // your SIGTERM handler awaits app.close()
   * @example app.register(millimetric, { flushOnExit: { timeoutMs: 2000, signals: ["SIGTERM"] } })
   */
  flushOnExit?: boolean | SourceFlushOnExitOptions;
  /**
   * A client to use instead of creating one. This package's `flush()` and `shutdown()`
   * and `app.close()` flush it with the others; stopping it (`client.shutdown()`) stays
   * yours. Without it and without any client option, the plugin uses track-node's
   * default client (the one `init()` configures, else `MILLIMETRIC_SECRET_KEY`/`MILLIMETRIC_HOST`).
   * @default undefined (created lazily on the first track)
   * @example app.register(millimetric, { client: new MillimetricClient({ flushAt: 50 }) })
   */
  client?: MillimetricClient;
  /**
   * The CSP nonce for `request.millimetric.aidScript()`, read
   * when the script is rendered.
   * @default (request, reply) => reply.cspNonce?.script (set by @fastify/helmet's `enableCSPNonces`)
   * @example app.register(millimetric, { nonce: (request) => request.nonce })
   */
  nonce?: (request: FastifyRequest, reply: FastifyReply) => string | undefined;
}
