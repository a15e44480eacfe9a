import { DEFAULT_HOST, MillimetricError, MillimetricTypeError, validateEvent, type DeliveryEvent, type DeliveryStats, type EventInput, type FlushOptions, type MillimetricEvent, type ShutdownOptions } from "@millimetric/core";
import { callHook, Delivery, keyKind, nowIso, pooledRandomHex } from "@millimetric/core/internal";
import type { ClientOptions } from "./ClientOptions";
import type { ClosableTransport } from "./ClosableTransport";
import { currentContext } from "./contextSlot";
import { defaultTransport } from "./defaultTransport";
import { describeDeliveryEvent } from "./describeDeliveryEvent";
import type { MillimetricContext } from "./MillimetricContext";
import { env } from "./env";
import { runBeforeSend } from "./runBeforeSend";

/** The hosted ingest API (core's one constant, re-exported where it always was). */
export { DEFAULT_HOST };

/** Arguments of {@link MillimetricClient.identify}. */
export interface IdentifyInput {
  /** The app's id for the user (1–256 chars). */
  user_id: string;
  /** The visitor's anonymous id; taken from the request context when absent. */
  anonymous_id?: string;
  /** Properties of the user, stored on the `$identify` event. */
  traits?: Record<string, unknown>;
  /** Idempotency key; a random one by default. */
  event_id?: string;
}

let warnedPk = false;

/**
 * A server-side Millimetric client: validates each event in `track()`, stamps
 * `timestamp` and `event_id`, fills ids from the request context, and delivers in the
 * background (batched, paced, retried). Long-running servers keep one; serverless
 * handlers `await flush()` (or use an adapter's after-response hook). `beforeSend`
 * redacts or drops events before they are queued, `onDelivery` watches what becomes of
 * them, `debug` logs both, `disabled` sends nothing.
 *
 * @example
 * ```ts
 * const client = new MillimetricClient({ flushAt: 1000 });
 * client.track({ event: "completed_checkout", event_id: `order_${o.id}`, user_id: String(o.user_id) });
 * await client.flush();
 * ```
 */
export class MillimetricClient {
  private readonly delivery: Delivery;
  /** On Node without a `fetch` option: node:http with this client's own keep-alive agent. */
  private readonly transport: ClosableTransport | undefined;
  private readonly beforeSend: ClientOptions["beforeSend"];
  private readonly onDelivery: ClientOptions["onDelivery"];
  private readonly debug: boolean;
  /** `disabled: true`: calls are accepted and nothing is queued, so nothing is ever sent. */
  private readonly disabled: boolean;
  /** Events dropped before the queue (opted out, beforeSend): counted in `stats.dropped`. */
  private droppedBeforeQueue = 0;

  constructor(options: ClientOptions = {}) {
    this.beforeSend = options.beforeSend;
    this.onDelivery = options.onDelivery;
    this.debug = options.debug === true;
    this.disabled = options.disabled === true;
    // Disabled needs no key: the placeholder only fills the engine's header, and nothing is ever sent.
    const key = options.key ?? env("MILLIMETRIC_SECRET_KEY") ?? (this.disabled ? "sk_disabled" : undefined);
    if (!key) {
      throw new MillimetricError("invalid_key", "no API key: pass { key } or set MILLIMETRIC_SECRET_KEY to your sk_ key");
    }
    const kind = keyKind(key);
    if (!kind) throw new MillimetricError("invalid_key", '"key" must be a Millimetric key starting with sk_ (e.g. sk_live_…)');
    if (kind === "rk" || kind === "ak") {
      throw new MillimetricError("invalid_key", `"key" is a read-only ${kind}_ key and cannot send events; use your sk_ key`);
    }
    if (kind === "pk" && !warnedPk) {
      warnedPk = true;
      console.warn(
        "[millimetric] a pk_ (browser) key is used on the server: the ingest API rejects it without an allowed Origin. Use your sk_ key.",
      );
    }
    // An app that passes `fetch` (instrumentation, a proxy, a test double) gets exactly that.
    // Disabled: no agent either (the engine, which never gets an event, makes no request).
    this.transport = options.fetch || this.disabled ? undefined : defaultTransport();
    this.delivery = new Delivery({
      ...options,
      key,
      host: options.host ?? env("MILLIMETRIC_HOST") ?? DEFAULT_HOST,
      transport: this.transport?.send,
      onDelivery: this.debug || this.onDelivery ? (event) => this.notify(event) : undefined,
    });
  }

  /**
   * Validates and queues one event. Missing `anonymous_id` and `user_id` are filled from
   * `context`, by default the current request context (see `./context`); then
   * `beforeSend` may change or drop it. Returns the event's `event_id` when it was queued
   * (also with `disabled: true`, where nothing is sent), `undefined` when nothing was
   * queued: the context says the visitor opted out, `beforeSend` dropped it, or the client
   * was shut down (each a `dropped` delivery event).
   *
   * @param context The ids to fill from instead of the current request context: an
   *   adapter that holds the request passes its own, so the ids (and a `user_id`
   *   resolver) are read once. `{}` reads nothing from the request: an event that is not
   *   about the visitor (a webhook's) is sent that way even from an opted-out request.
   * @throws MillimetricTypeError (`invalid_event`, a TypeError) naming the field and rule when the event is invalid.
   * @example
   * ```ts
   * client.track({ event: "signup", user_id: user.id, properties: { plan } });
   * client.track({ event: "page_rendered" }, { anonymous_id: req.millimetric.anonymousId });
   * client.track({ event: "invoice_paid", user_id: invoice.userId }, {}); // not about this request's visitor
   * ```
   */
  track(input: EventInput, context: MillimetricContext | undefined = currentContext()): string | undefined {
    if (context?.opted_out) {
      // Validated all the same: a broken call fails for every visitor, not only for those
      // without privacy signals (a developer's browser often sends Sec-GPC). The user id
      // resolver is not asked: nothing about this visitor is sent.
      const event = validateEvent(input);
      return this.drop(event, "opted_out", "the visitor opted out (Sec-GPC: 1 or the mm_optout=1 cookie); pass a context of your own, track(event, {}), for an event that is not about the visitor");
    }
    let source = input;
    if (context && input && (input.anonymous_id == null || input.user_id == null)) {
      source = { ...input };
      if (source.anonymous_id == null && context.anonymous_id) source.anonymous_id = context.anonymous_id;
      if (source.user_id == null && context.user_id) {
        const uid = typeof context.user_id === "function" ? context.user_id() : context.user_id;
        if (uid) source.user_id = uid;
      }
    }
    let event = validateEvent(source);
    event.timestamp ??= nowIso();
    event.event_id ??= pooledRandomHex(16);
    if (this.beforeSend) {
      const outcome = runBeforeSend(this.beforeSend, event);
      if (!outcome.event) {
        if (outcome.error) this.delivery.report(outcome.error);
        return this.drop(event, "before_send", outcome.why);
      }
      event = outcome.event;
    }
    // Disabled: accepted, never queued. After shutdown() the engine drops and reports it, as it would.
    if (this.disabled && !this.delivery.stopped) {
      if (this.debug) console.log(`[millimetric] accepted ${describeEvent(event)} (disabled: not sent)`);
      return event.event_id;
    }
    if (!this.delivery.enqueue(event)) return undefined;
    if (this.debug) console.log(`[millimetric] queued ${describeEvent(event)}`);
    return event.event_id;
  }

  /**
   * Links the visitor's anonymous id to a user id with a `$identify` event (through
   * `track()`, so `beforeSend` sees it); returns its `event_id`, or `undefined` when
   * nothing was queued (opted out, dropped by `beforeSend`, shut down).
   *
   * @param context Where a missing `anonymous_id` comes from; by default the current
   *   request context. When it says the visitor opted out, nothing is queued (and no
   *   anonymous id is required).
   * @throws MillimetricError (`invalid_argument`, a TypeError) when no anonymous id is given or in context, or an id is invalid.
   * @example
   * ```ts
   * client.identify({ user_id: user.id, anonymous_id: aid, traits: { plan: "pro" } });
   * ```
   */
  identify(input: IdentifyInput, context: MillimetricContext | undefined = currentContext()): string | undefined {
    if (input?.user_id == null) throw new MillimetricTypeError("invalid_argument", '[millimetric] identify: "user_id" is required');
    const anonymous_id = input.anonymous_id ?? context?.anonymous_id;
    // An opted-out request has no id minted for it: that is not the app's mistake.
    if (!anonymous_id && !context?.opted_out) {
      throw new MillimetricTypeError(
        "invalid_argument",
        '[millimetric] identify: "anonymous_id" is required: pass it or call identify() inside a request handled by a Millimetric middleware',
      );
    }
    return this.track(
      {
        event: "$identify",
        anonymous_id,
        user_id: input.user_id,
        event_id: input.event_id,
        properties: input.traits,
      },
      context ?? {},
    );
  }

  /**
   * Resolves once everything queued before the call is delivered or has failed for good
   * (reported through `onError`). Rejects when events could not be delivered after
   * `maxRetries` (`retries_exhausted`; they stay queued), when the host redirects
   * (`http_error`; a wrong host, those events are dropped), and, given `timeoutMs`, when
   * that time ran out first (`timeout` with the `count` still pending; they stay
   * queued and keep being sent).
   *
   * @param options `timeoutMs`: settle within this long. Default: no deadline.
   * @example
   * ```ts
   * await client.flush({ timeoutMs: 2000 }).catch((err) => log.warn(err.message)); // a serverless budget
   * ```
   */
  flush(options?: FlushOptions): Promise<void> {
    return this.delivery.flush(options);
  }

  /**
   * Flushes and stops; later `track()` calls are dropped and reported. Settles within
   * `timeoutMs` (default 5000): what is not delivered by then is dropped (requests in
   * flight are aborted), reported to `onError` as a `shutdown` error with the `count`,
   * and the promise rejects with that error.
   *
   * @param options `timeoutMs`: the most it takes. Default 5000.
   * @example
   * ```ts
   * process.on("SIGTERM", async () => {
   *   await client.shutdown({ timeoutMs: 8000 }).catch(() => {}); // a loss is already reported to onError
   *   process.exit(0);
   * });
   * ```
   */
  shutdown(options?: ShutdownOptions): Promise<void> {
    // Settled (delivered, or dropped at the deadline with requests aborted): the agent's
    // connections have nothing left to carry.
    return this.delivery.shutdown(options).finally(() => this.transport?.close());
  }

  /**
   * Queue depth and delivery counters. `dropped` counts every event lost on purpose or by
   * the queue cap: before the queue (the visitor opted out, `beforeSend` returned `null` or
   * failed), by the cap, and after shutdown — the same events as the `dropped` delivery events.
   */
  get stats(): DeliveryStats {
    const stats = this.delivery.stats;
    return this.droppedBeforeQueue ? { ...stats, dropped: stats.dropped + this.droppedBeforeQueue } : stats;
  }

  /** An event dropped before the queue: its debug line and its `dropped` delivery event. */
  private drop(event: MillimetricEvent, reason: "opted_out" | "before_send", why: string): undefined {
    this.droppedBeforeQueue++;
    this.notify({ type: "dropped", count: 1, reason }, `[millimetric] dropped ${describeEvent(event)}: ${why}`);
  }

  /** Tells the app's `onDelivery` (a throwing one is ignored), and the console in debug mode. */
  private notify(event: DeliveryEvent, line?: string): void {
    if (this.debug) console.log(line ?? describeDeliveryEvent(event));
    callHook(this.onDelivery, event);
  }
}

/**
 * An event as a debug line names it. Every value as JSON: a `user_id` or event name holds
 * whatever the app (or a visitor, through it) put there, and a line break or control
 * character in it must not forge a log line of its own.
 */
function describeEvent(event: MillimetricEvent): string {
  const ids: string[] = [];
  if (event.event_id) ids.push(`event_id ${JSON.stringify(event.event_id)}`);
  if (event.anonymous_id) ids.push(`anonymous_id ${JSON.stringify(event.anonymous_id)}`);
  if (event.user_id) ids.push(`user_id ${JSON.stringify(event.user_id)}`);
  return JSON.stringify(event.event) + (ids.length ? ` (${ids.join(", ")})` : "");
}
