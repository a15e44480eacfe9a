import type { AidCookieOptions } from "@millimetric/core";
import type { ClientOptions, MillimetricClient } from "@millimetric/track-node";
import type { SourceFlushOnExitOptions } from "@millimetric/track-node/adapter";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Options of the {@link millimetric} plugin. Every {@link ClientOptions} field (`key`,
 * `host`, `flushAt`, `flushIntervalMs`, `maxRetries`, `onError`, …) configures the client
 * the plugin creates on the first `track()`.
 *
 * The defaults are the long-running server's recipe: events are batched (`flushAt: 50`,
 * or every `flushIntervalMs`, 1 s), delivered by `app.close()` and on SIGTERM/SIGINT
 * (`flushOnExit: true`). On serverless platforms, where the instance freezes after the
 * response, pass `flushAt: 1` and `await flush()` before the reply goes out.
 */
export interface MillimetricFastifyOptions extends ClientOptions {
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
   * Name and attributes of the id cookie. `secure` defaults to `request.protocol === "https"`
   * (set Fastify's `trustProxy` behind a TLS-terminating proxy).
   * @default { name: "aid", path: "/", maxAge: 31536000, sameSite: "Lax", secure: request.protocol === "https" }
   * @example app.register(millimetric, { cookie: { domain: "example.com" } })
   */
  cookie?: AidCookieOptions;
  /**
   * Resolves the signed-in user's id for events of this request. Called lazily, on the
   * first `track()` that needs it (so an auth hook that runs after `onRequest` has set the
   * user by then), and at most once per request once it returns an id.
   * @default undefined (events carry no user_id unless you pass one)
   * @example app.register(millimetric, { getUserId: (request) => request.user?.id })
   */
  getUserId?: (request: FastifyRequest) => string | number | null | undefined;
  /**
   * Whether a request that carries no valid id of its own (no `aid` cookie, no
   * `x-millimetric-anonymous-id` header) is a visitor's, and so gets a freshly minted id
   * and the `Set-Cookie`. Anything else — a Stripe webhook, a health check, a cron call —
   * gets no id and no cookie: `request.millimetric.anonymousId` is `undefined` and its
   * events carry only `user_id` and what you pass. A request that already carries a valid
   * id keeps it whatever this says. The default is core's `isBrowserRequest`: a
   * `Sec-Fetch-Site` or `Sec-Fetch-Dest` header, or `text/html` in `Accept`. A function
   * that throws counts as "no", reported once.
   * @default (request) => isBrowserRequest((name) => request.headers[name])
   * @example app.register(millimetric, { isVisitorRequest: (request) => !request.url.startsWith("/webhooks/") })
   */
  isVisitorRequest?: (request: FastifyRequest) => boolean;
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
   * @example app.register(millimetric, { ignorePrivacySignals: true }) // consent is settled by your own banner
   */
  ignorePrivacySignals?: boolean;
  /**
   * The CSP nonce for `request.millimetric.script` and `reply.millimetricScript()`, read
   * when the script is rendered.
   * @default (request, reply) => reply.cspNonce?.script (set by @fastify/helmet's `enableCSPNonces`)
   * @example app.register(millimetric, { nonce: (request) => request.nonce })
   */
  nonce?: (request: FastifyRequest, reply: FastifyReply) => string | undefined;
}
