import {
  Delivery,
  MillimetricError,
  MillimetricTypeError,
  nowIso,
  pooledRandomHex,
  validateEvent,
  type DeliveryStats,
  type EventInput,
  type FlushOptions,
  type ShutdownOptions,
} from "@millimetric/core";
import type { ClientOptions } from "./ClientOptions";
import type { ClosableTransport } from "./ClosableTransport";
import { currentContext } from "./contextSlot";
import { defaultTransport } from "./defaultTransport";
import type { MillimetricContext } from "./MillimetricContext";
import { env } from "./env";

/** The hosted ingest API. */
export const DEFAULT_HOST = "https://api.millimetric.ai";

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
 * handlers `await flush()` (or use an adapter's after-response hook).
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

  constructor(options: ClientOptions = {}) {
    const key = options.key ?? env("MILLIMETRIC_SECRET_KEY");
    if (!key) {
      throw new MillimetricError("invalid_key", "no API key: pass { key } or set MILLIMETRIC_SECRET_KEY to your sk_ key");
    }
    const kind = /^(sk|pk|rk|ak)_/.exec(key)?.[1];
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
    this.transport = options.fetch ? undefined : defaultTransport();
    this.delivery = new Delivery({
      ...options,
      key,
      host: options.host ?? env("MILLIMETRIC_HOST") ?? DEFAULT_HOST,
      transport: this.transport?.send,
    });
  }

  /**
   * Validates and queues one event; returns its `event_id`. Missing `anonymous_id` and
   * `user_id` are filled from `context`, by default the current request context (see
   * `./context`).
   *
   * @param context The ids to fill from instead of the current request context: an
   *   adapter that holds the request passes its own, so the ids (and a `user_id`
   *   resolver) are read once.
   * @throws TypeError naming the field and rule when the event is invalid.
   * @example
   * ```ts
   * client.track({ event: "signup", user_id: user.id, properties: { plan } });
   * client.track({ event: "page_rendered" }, { anonymous_id: req.millimetric.anonymousId });
   * ```
   */
  track(input: EventInput, context: MillimetricContext | undefined = currentContext()): string {
    let source = input;
    if (context && input && (input.anonymous_id == null || input.user_id == null)) {
      source = { ...input };
      if (source.anonymous_id == null && context.anonymous_id) source.anonymous_id = context.anonymous_id;
      if (source.user_id == null && context.user_id) {
        const uid = typeof context.user_id === "function" ? context.user_id() : context.user_id;
        if (uid) source.user_id = uid;
      }
    }
    const event = validateEvent(source);
    event.timestamp ??= nowIso();
    event.event_id ??= pooledRandomHex(16);
    this.delivery.enqueue(event);
    return event.event_id;
  }

  /**
   * Links the visitor's anonymous id to a user id with a `$identify` event; returns its
   * `event_id`.
   *
   * @param context Where a missing `anonymous_id` comes from; by default the current
   *   request context.
   * @throws MillimetricError (`invalid_argument`, a TypeError) when no anonymous id is given or in context, or an id is invalid.
   * @example
   * ```ts
   * client.identify({ user_id: user.id, anonymous_id: aid, traits: { plan: "pro" } });
   * ```
   */
  identify(input: IdentifyInput, context: MillimetricContext | undefined = currentContext()): string {
    const anonymous_id = input?.anonymous_id ?? context?.anonymous_id;
    if (!anonymous_id) {
      throw new MillimetricTypeError(
        "invalid_argument",
        '[millimetric] identify: "anonymous_id" is required: pass it or call identify() inside a request handled by a Millimetric middleware',
      );
    }
    if (input?.user_id == null) throw new MillimetricTypeError("invalid_argument", '[millimetric] identify: "user_id" is required');
    return this.track({
      event: "$identify",
      anonymous_id,
      user_id: input.user_id,
      event_id: input.event_id,
      properties: input.traits,
    });
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

  /** Queue depth and delivery counters. */
  get stats(): DeliveryStats {
    return this.delivery.stats;
  }
}
