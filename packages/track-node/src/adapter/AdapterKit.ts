import { type EventInput } from "@millimetric/core";
import { failInDevelopment, isProduction } from "@millimetric/core/internal";
import { existingClient, type ClientOptions, type IdentifyInput, type MillimetricClient, type MillimetricContext } from "@millimetric/track-node";
import type { AdapterKitOptions } from "./AdapterKitOptions";
import { clientRegistry, type ClientFlushArgs, type ClientRegistry, type ClientShutdownArgs, type SettleableClient } from "./clientRegistry";
import { ClientSource } from "./ClientSource";
import { clientFor } from "./clientFor";
import { RESPONSE_STATE, type ResponseState } from "./responseState";
import { settleAll } from "./settleAll";

/**
 * The server glue every adapter shares, for one adapter: the client sources its
 * middlewares send through, the registry its `flush()`/`shutdown()` settle, and its
 * "no key", "outside a request" and "no visitor" messages. One per adapter package,
 * made at module level; what differs between adapters comes in as options.
 *
 * @example
 * ```ts
 * export const kit = new AdapterKit({
 *   name: "express",
 *   defaults: { flushAt: 50 },
 *   handledBy: "the Millimetric middleware",
 *   keyFix: ", or pass app.use(millimetric({ key }))",
 *   contextFix: (fn) => `Add app.use(millimetric()) before your routes, use req.millimetric.${fn}(), or pass anonymous_id/user_id yourself.`,
 *   visitorOption: "millimetric({ isVisitorRequest })",
 *   requestApi: "req.millimetric",
 * });
 * const source = kit.source(options.client, clientOptions); // once per middleware
 * ```
 */
export class AdapterKit {
  private readonly options: AdapterKitOptions;
  /** The most recently made source: what `track()` outside any request sends through. */
  private latest: ClientSource | undefined;
  /** Before any middleware exists: a source that borrows track-node's default client. */
  private fallback: ClientSource | undefined;
  /** Sources (or, outside any, the kit) that already showed the "request finished" warning. */
  private readonly warnedFinished = new WeakSet<object>();

  constructor(options: AdapterKitOptions) {
    this.options = options;
  }

  /** The adapter's process-wide client registry (looked up, not kept: every build of the adapter shares it). */
  registry(): ClientRegistry {
    return clientRegistry(this.options.name);
  }

  /**
   * A client source for one middleware (wrapper, plugin registration), which becomes the
   * one `track()` outside any request uses.
   *
   * @param client The app's own client (`{ client }`): flushed by the adapter, never stopped.
   * @param clientOptions The app's client options: the source then owns a client made from them.
   */
  source(client?: MillimetricClient, clientOptions?: ClientOptions): ClientSource {
    const source = new ClientSource(this.settings(), client, clientOptions);
    this.latest = source;
    return source;
  }

  /** `found` (the current request's source), else the latest middleware's, else one borrowing the default client. */
  sourceOf(found: ClientSource | undefined): ClientSource {
    return found ?? this.latest ?? (this.fallback ??= new ClientSource(this.settings()));
  }

  /**
   * Delivers everything queued so far on every client the adapter sends to, and on
   * track-node's default client when there is one. Resolves once all are settled (at once
   * with nothing to send, key or no key); rejects with the first failure, after every
   * client had its turn.
   */
  flush(...args: ClientFlushArgs): Promise<void> {
    const { owned, given } = this.registry();
    const clients = new Set<SettleableClient>([...owned, ...given]);
    const fallback = existingClient();
    if (fallback) clients.add(fallback);
    return settleAll([...clients].map((c) => c.flush(...args)));
  }

  /**
   * Flushes every client the adapter sends to and stops the ones it created (the default
   * client included); a client the app passed is flushed but left running. In parallel;
   * never fails for want of a key.
   */
  shutdown(...args: ClientShutdownArgs): Promise<void> {
    const { owned, given } = this.registry();
    const stop = new Set<SettleableClient>(owned);
    const fallback = existingClient();
    if (fallback) stop.add(fallback);
    const flushOnly = [...given].filter((c) => !stop.has(c));
    // Both take `{ timeoutMs }` where they take options at all.
    const flushArgs = args as unknown as ClientFlushArgs;
    return settleAll([...[...stop].map((c) => c.shutdown(...args)), ...flushOnly.map((c) => c.flush(...flushArgs))]);
  }

  /**
   * The adapter's module-level `track()`: the event with the ids of `context` (the request
   * the adapter handled, found by the caller in its own async context) sent through that
   * request's client source. An event with no ids of its own, outside any request, is the
   * "missing context" mistake: {@link AdapterKit.missingContext}.
   *
   * @param found the client source the request's context names, if any
   * @param bindings the request's platform bindings (Workers `env`)
   * @example
   * ```ts
   * export const track = (event: EventInput) => { const context = getContext(); return kit.track(event, context, context?.[SOURCE]); };
   * ```
   */
  track(event: EventInput, context: MillimetricContext | undefined, found: ClientSource | undefined, bindings?: unknown): string | undefined {
    if (event && (event.anonymous_id == null || event.user_id == null) && context) {
      const fillsIds = (event.anonymous_id == null && context.anonymous_id) || (event.user_id == null && context.user_id);
      if (fillsIds) this.warnIfFinished(context, found, "track");
    }
    if (event && event.anonymous_id == null && event.user_id == null && !context?.anonymous_id && !context?.user_id && !found) this.missingContext("track");
    const client = clientFor(this.sourceOf(found), bindings);
    // The context just read, passed on: the client would otherwise read it again.
    return client ? client.track(event, context) : undefined;
  }

  /**
   * The adapter's module-level `identify()`: like {@link AdapterKit.track}, and it needs an
   * anonymous id — the input's or the request's. Without one it is skipped: "missing
   * context" outside a request, "missing visitor" in a request that is no visitor's. An
   * opted-out visitor has no id on purpose: the client drops the call.
   *
   * @example
   * ```ts
   * export const identify = (input: IdentifyInput) => { const context = getContext(); return kit.identify(input, context, context?.[SOURCE]); };
   * ```
   */
  identify(input: IdentifyInput, context: MillimetricContext | undefined, found: ClientSource | undefined, bindings?: unknown): string | undefined {
    if (input && input.anonymous_id == null && context?.anonymous_id) this.warnIfFinished(context, found, "identify");
    if (input && input.anonymous_id == null && !context?.anonymous_id && !context?.opted_out) {
      if (found) this.missingVisitor("identify");
      else this.missingContext("identify");
      return undefined;
    }
    const client = clientFor(this.sourceOf(found), bindings);
    return client ? client.identify(input, context) : undefined;
  }

  /**
   * `fn()` ran outside a request the adapter handled, and without ids: an error in
   * development, one log line per `fn` in production (an event still goes out, it just
   * cannot be stitched to a visitor).
   *
   * @param consequence What the call lacks there. Default: "so the event has no anonymous_id or user_id".
   * @param cause What told the adapter it is outside a request (Next's `headers()` error), kept as the error's cause.
   */
  missingContext(fn: string, consequence = "so the event has no anonymous_id or user_id", cause?: unknown): void {
    const { handledBy, contextFix } = this.options;
    failInDevelopment("missing_context", `[millimetric] ${fn}() was called outside a request handled by ${handledBy}, ${consequence}. ${contextFix(fn)}`, {
      cause,
      once: `missing_context:${fn}`,
    });
  }

  /**
   * `fn()` needs an anonymous id in a request the adapter handled but gave none, because
   * it is no visitor's (no invented visitors): an error in development, one log line (the
   * call skipped) in production.
   */
  missingVisitor(fn: string): void {
    const { handledBy, visitorOption } = this.options;
    const message =
      `[millimetric] ${fn}() needs an anonymous_id, and this request has none: it carries no valid aid cookie or x-millimetric-anonymous-id header ` +
      `and may not start a visitor, so ${handledBy} did not invent one for it: no browser signal (Sec-Fetch-Site/Sec-Fetch-Dest, or text/html in Accept: ` +
      `a webhook, a health check), a CORS preflight, or a fetch from another site (send the page's id in the x-millimetric-anonymous-id header). ` +
      `Pass anonymous_id yourself, or choose which requests count as visitors with ${visitorOption}.`;
    failInDevelopment("missing_context", message, { once: `missing_visitor:${fn}` });
  }

  /**
   * In development, warns once when a module-level `track()`/`identify()` takes ids from
   * the context of a request whose response has already finished. That is where a
   * callback registered by one request but run from another's call chain (a shared
   * EventEmitter, a shared queue, an interval started in a request) shows up:
   * AsyncLocalStorage hands it the context of whoever scheduled it, so the event would
   * silently carry that visitor's ids. While the scheduling request is still open the two
   * cannot be told apart, hence the READMEs' rule for such callbacks: the request's own
   * `track()` (`req.millimetric.track`). Costs one property read per call.
   */
  private warnIfFinished(context: MillimetricContext, found: ClientSource | undefined, fn: "track" | "identify"): void {
    const response = context[RESPONSE_STATE] as ResponseState | undefined;
    if (!response?.destroyed) return;
    const key = found ?? this;
    if (this.warnedFinished.has(key) || isProduction()) return;
    this.warnedFinished.add(key);
    console.warn(
      `[millimetric] ${fn}() ran in the context of a request that has already finished, so the event takes that request's anonymous_id and user_id. ` +
        `AsyncLocalStorage follows the call chain a callback was scheduled from, not where it was registered: a listener on a shared EventEmitter, ` +
        `a shared queue's worker or an interval started in a request runs under whichever request triggered it. ` +
        `Call ${this.options.requestApi ? `${this.options.requestApi}.${fn}()` : `the request's own ${fn}()`} with the request the event belongs to (capture it where you register the callback), ` +
        `or pass anonymous_id/user_id yourself. (Shown once, in development only.)`,
    );
  }

  private settings(): ConstructorParameters<typeof ClientSource>[0] {
    return { registry: () => this.registry(), defaults: this.options.defaults, keyFix: this.options.keyFix };
  }
}
