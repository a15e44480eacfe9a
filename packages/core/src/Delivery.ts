import { MillimetricError } from "./MillimetricError";
import { parseRetryAfter } from "./parseRetryAfter";
import { MAX_BATCH_EVENTS, PUBLISHED_RATE_LIMITS, type PaceLimit } from "./publishedLimits";
import { TokenBucket } from "./TokenBucket";
import { utf8Length } from "./utf8Length";


/** Client-side pacing per endpoint; `false` turns one (or all) off. */
export interface PacingOptions {
  /**
   * Budget for `POST /v1/batch`.
   * @default { ratePerSecond: 5, burst: 20 } (the hosted service's published limit)
   * @example { batch: { ratePerSecond: 50, burst: 100 } }
   */
  batch?: PaceLimit | false;
  /**
   * Budget for `POST /v1/track`.
   * @default { ratePerSecond: 50, burst: 200 }
   * @example { track: false }
   */
  track?: PaceLimit | false;
}

/** Options of the delivery engine; the Node SDK's options are a superset. */
export interface DeliveryOptions {
  /**
   * Base URL of the ingest API, without `/v1`.
   * @example "http://127.0.0.1:8787"
   */
  host: string;
  /**
   * API key sent as `Authorization: Bearer <key>`.
   * @example process.env.MILLIMETRIC_SECRET_KEY
   */
  key: string;
  /**
   * How many queued events trigger a send. `1` sends each event at once to
   * `/v1/track` (a backlog still leaves as one `/v1/batch`); above 1 events go to
   * `/v1/batch`. A send carries up to `maxBatchEvents` whatever this is.
   * @default 1
   * @example { flushAt: 1000 } // backfills
   */
  flushAt?: number;
  /**
   * Events waiting below `flushAt` are sent at most this long after they were queued.
   * The timer is `unref()`'d: it never keeps a process alive.
   * @default 1000
   * @example { flushIntervalMs: 2000 }
   */
  flushIntervalMs?: number;
  /**
   * Retries of one request after 5xx, network errors, timeouts and 429s. After the
   * last one the events go back to the head of the queue and `flush()` rejects.
   * @default 3
   * @example { maxRetries: 10 }
   */
  maxRetries?: number;
  /**
   * First backoff step; each retry doubles it (100, 200, 400, 800 ms), with jitter.
   * @default 100
   * @example { retryBaseMs: 250 }
   */
  retryBaseMs?: number;
  /**
   * Most events held in memory. When full the oldest is dropped and counted; the count
   * reaches `onError` as a `queue_overflow` error. The default holds a synchronous burst
   * of 100 000 `track()` calls (the backfill recipe: a loop, then `flush()`), about
   * 30 MB of typical events; nothing can be sent until such a loop yields.
   * @default 100000
   * @example { maxQueueSize: 10_000 } // a memory-tight worker
   */
  maxQueueSize?: number;
  /**
   * Most events in one `/v1/batch` request (the protocol allows 1000).
   * @default 1000
   * @example { maxBatchEvents: 500 }
   */
  maxBatchEvents?: number;
  /**
   * Most bytes in one request body; larger batches are split.
   * @default 262144 (256 KiB)
   * @example { maxBatchBytes: 512 * 1024 }
   */
  maxBatchBytes?: number;
  /**
   * Client-side pacing to the published rate limits, so bursts and backfills do not
   * meet 429s. The client runs 10 % under each rate with one token less of burst, as
   * the server counts arrivals and network jitter bunches them. `false` for a server
   * without those limits.
   * @default { batch: { ratePerSecond: 5, burst: 20 }, track: { ratePerSecond: 50, burst: 200 } }
   * @example { pacing: false }
   */
  pacing?: PacingOptions | false;
  /**
   * Requests in flight at once.
   * @default 4
   * @example { maxConcurrentRequests: 1 } // strict ordering
   */
  maxConcurrentRequests?: number;
  /**
   * A request that has not answered after this long is aborted and retried.
   * @default 10000
   * @example { timeoutMs: 3000 }
   */
  timeoutMs?: number;
  /**
   * The `fetch` to use.
   * @default globalThis.fetch
   * @example { fetch: myInstrumentedFetch }
   */
  fetch?: typeof fetch;
  /**
   * Called with every failure the engine gives up on or works around (dropped,
   * rejected, retries exhausted). Must not throw.
   * @default logs the message with console.error
   * @example { onError: (err) => logger.warn(err.message, { code: err.code, count: err.count }) }
   */
  onError?: (error: MillimetricError) => void;
}

/** Counters since the engine started. */
export interface DeliveryStats {
  /** Waiting in memory (not in flight). */
  queued: number;
  inFlight: number;
  /** Acknowledged by the server (2xx). */
  delivered: number;
  /** Dropped by the queue cap or after shutdown. */
  dropped: number;
  /** Rejected by the server with a 4xx and not retried. */
  failed: number;
  requests: number;
  retries: number;
}

type Endpoint = "/v1/track" | "/v1/batch";
interface Item {
  seq: number;
  json: string;
  bytes: number;
}
interface Waiter {
  target: number;
  resolve: () => void;
  reject: (err: MillimetricError) => void;
}
interface Answer {
  ok: boolean;
  status: number;
  serverCode?: string;
  details?: unknown;
  retryAfterMs?: number;
  cause?: unknown;
}
type Timer = ReturnType<typeof setTimeout> & { ref?: () => void; unref?: () => void };

const BATCH_OVERHEAD = '{"events":[]}'.length;
// A zero timeout, not Node's immediate queue: the edge runtime defines that function as a stub
// throws, and Next's edge build warns wherever the name appears.
const defer = (fn: () => void): void => void setTimeout(fn, 0);

/**
 * The delivery engine: a bounded FIFO of serialised events, a batcher (count and body
 * cap), paced requests with retry (exponential backoff with jitter on 5xx/network,
 * `Retry-After` on 429), isolation of bad events by splitting a rejected batch, and
 * `flush()`/`shutdown()` that resolve once what was queued before the call is settled.
 * Events must already be validated; the engine only moves JSON.
 *
 * @example
 * ```ts
 * const d = new Delivery({ host: "http://127.0.0.1:8787", key: "sk_test_…", flushAt: 100 });
 * d.enqueue({ event: "signup", anonymous_id: "u_…" });
 * await d.flush();
 * ```
 */
export class Delivery {
  private readonly o: Required<Omit<DeliveryOptions, "pacing" | "fetch" | "onError">>;
  private readonly doFetch: typeof fetch;
  private readonly onError: (error: MillimetricError) => void;
  private readonly buckets: Partial<Record<Endpoint, TokenBucket>> = {};
  private readonly pausedUntil: Record<Endpoint, number> = { "/v1/track": 0, "/v1/batch": 0 };
  private queue: Item[] = [];
  private head = 0;
  private seq = 0;
  private readonly inflight = new Set<Item[]>();
  private waiters: Waiter[] = [];
  private readonly timers = new Set<Timer>();
  private tick: Timer | undefined;
  /** Events with seq ≤ this go out even below flushAt (flush or interval tick). */
  private forceUntil = 0;
  /** After retries are exhausted, wait for the next tick or flush() before resending. */
  private held = false;
  private pumpScheduled = false;
  private closed = false;
  private pendingDrops = 0;
  private readonly counts = { delivered: 0, dropped: 0, failed: 0, requests: 0, retries: 0 };

  constructor(options: DeliveryOptions) {
    this.o = {
      host: options.host.replace(/\/+$/, ""),
      key: options.key,
      flushAt: Math.max(1, options.flushAt ?? 1),
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxRetries: options.maxRetries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 100,
      maxQueueSize: Math.max(1, options.maxQueueSize ?? 100_000),
      maxBatchEvents: Math.min(MAX_BATCH_EVENTS, Math.max(1, options.maxBatchEvents ?? MAX_BATCH_EVENTS)),
      maxBatchBytes: options.maxBatchBytes ?? 262_144,
      maxConcurrentRequests: Math.max(1, options.maxConcurrentRequests ?? 4),
      timeoutMs: options.timeoutMs ?? 10_000,
    };
    const f = options.fetch;
    this.doFetch = f ?? ((input, init) => globalThis.fetch(input, init));
    this.onError = options.onError ?? ((err) => console.error(err.message));
    if (options.pacing !== false) {
      for (const name of ["batch", "track"] as const) {
        const limit = options.pacing?.[name] === undefined ? PUBLISHED_RATE_LIMITS[name] : options.pacing[name];
        // A little under the server's budget: the server counts arrivals, and network
        // jitter can bring two requests we sent a full interval apart closer together.
        if (limit) this.buckets[`/v1/${name}`] = new TokenBucket(limit.ratePerSecond * 0.9, Math.max(1, limit.burst - 1));
      }
    }
  }

  /** Counters and current queue depth. */
  get stats(): DeliveryStats {
    return { ...this.counts, queued: this.queue.length - this.head, inFlight: this.inflight.size };
  }

  /** Queues one already-validated event. Never throws and never blocks. */
  enqueue(event: object): void {
    if (this.closed) {
      this.counts.dropped++;
      this.report(new MillimetricError("shutdown", "track() after shutdown(): the event was dropped", { count: 1 }));
      return;
    }
    const json = JSON.stringify(event);
    this.queue.push({ seq: ++this.seq, json, bytes: utf8Length(json) });
    let overflow = this.queue.length - this.head - this.o.maxQueueSize;
    if (overflow > 0) {
      this.head += overflow;
      this.counts.dropped += overflow;
      this.compact();
      if ((this.pendingDrops += overflow) === overflow) queueMicrotask(() => this.reportDrops());
      this.settle();
    }
    if (this.queue.length - this.head >= this.o.flushAt) this.schedulePump();
    else this.ensureTick();
  }

  /**
   * Resolves when every event queued before the call is delivered or has failed for
   * good (reported through `onError`). Rejects with a `retries_exhausted` error when
   * some of them could not be delivered after `maxRetries`; those stay queued.
   * While a flush waits, the engine's timers keep the process alive.
   */
  flush(): Promise<void> {
    const target = this.seq;
    if (this.minUnsettled() > target) return Promise.resolve();
    this.forceUntil = Math.max(this.forceUntil, target);
    this.held = false;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ target, resolve, reject });
      for (const t of this.timers) t.ref?.();
      this.pump();
    });
  }

  /** Flushes, then stops: later events are dropped and reported. */
  async shutdown(): Promise<void> {
    this.closed = true;
    try {
      await this.flush();
    } finally {
      // Only the interval tick: a batch sleeping before its retry must still finish (be
      // delivered, or requeued and reported), never hang in flight.
      if (this.tick) clearTimeout(this.tick), this.timers.delete(this.tick), (this.tick = undefined);
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // Deferred to the end of this event-loop turn: a synchronous burst of track() calls,
    // and the events of every request a busy server handled in this turn, leave as one
    // batch instead of one request each.
    defer(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.held && this.inflight.size < this.o.maxConcurrentRequests && this.head < this.queue.length) {
      if (this.queue.length - this.head < this.o.flushAt && this.queue[this.head]!.seq > this.forceUntil) break;
      const batch = this.take();
      const endpoint: Endpoint = batch.length === 1 && this.o.flushAt === 1 ? "/v1/track" : "/v1/batch";
      this.inflight.add(batch);
      void this.send(batch, endpoint).finally(() => {
        this.inflight.delete(batch);
        this.settle();
        this.pump();
      });
    }
    this.ensureTick();
  }

  private take(): Item[] {
    const out: Item[] = [];
    let bytes = BATCH_OVERHEAD;
    while (this.head < this.queue.length && out.length < this.o.maxBatchEvents) {
      const item = this.queue[this.head]!;
      if (out.length && bytes + item.bytes + 1 > this.o.maxBatchBytes) break;
      out.push(item);
      bytes += item.bytes + 1;
      this.head++;
    }
    this.compact();
    return out;
  }

  private compact(): void {
    if (this.head === this.queue.length) (this.queue = []), (this.head = 0);
    else if (this.head > 4096 && this.head * 2 > this.queue.length) (this.queue = this.queue.slice(this.head)), (this.head = 0);
  }

  private async send(items: Item[], endpoint: Endpoint): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.post(endpoint, items);
      if (answer.ok) {
        this.counts.delivered += items.length;
        return;
      }
      const { status } = answer;
      if ((status === 400 || status === 413) && items.length > 1) {
        // All-or-nothing batches: halve until the bad events are alone, deliver the rest.
        const mid = items.length >>> 1;
        await Promise.all([this.send(items.slice(0, mid), endpoint), this.send(items.slice(mid), endpoint)]);
        return;
      }
      if (status >= 400 && status < 500 && status !== 429) {
        this.counts.failed += items.length;
        this.report(
          new MillimetricError("http_error", `server rejected ${items.length} event(s) with ${describe(answer)}; not retried`, {
            status,
            serverCode: answer.serverCode,
            count: items.length,
          }),
        );
        return;
      }
      if (attempt >= this.o.maxRetries) return this.exhausted(items, answer);
      this.counts.retries++;
      const backoff = this.o.retryBaseMs * 2 ** attempt;
      await this.sleep(answer.retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2));
    }
  }

  private async post(endpoint: Endpoint, items: Item[]): Promise<Answer> {
    await this.waitTurn(endpoint);
    const body = endpoint === "/v1/track" ? items[0]!.json : `{"events":[${items.map((i) => i.json).join(",")}]}`;
    this.counts.requests++;
    try {
      const res = await this.doFetch(this.o.host + endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.o.key}` },
        body,
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      const text = await res.text();
      if (res.ok) return { ok: true, status: res.status };
      let payload: { error?: string; details?: unknown; retry_after_s?: unknown } | undefined;
      try {
        payload = JSON.parse(text);
      } catch {
        // not our server's error shape; the status alone decides
      }
      const answer: Answer = { ok: false, status: res.status, serverCode: payload?.error, details: payload?.details };
      if (res.status === 429) {
        answer.retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), payload?.retry_after_s);
        this.pausedUntil[endpoint] = Date.now() + answer.retryAfterMs;
        this.buckets[endpoint]?.drain();
      }
      return answer;
    } catch (cause) {
      return { ok: false, status: 0, cause };
    }
  }

  private async waitTurn(endpoint: Endpoint): Promise<void> {
    for (;;) {
      const paused = this.pausedUntil[endpoint] - Date.now();
      const wait = paused > 0 ? paused : (this.buckets[endpoint]?.take() ?? 0);
      if (!wait) return;
      await this.sleep(wait);
    }
  }

  private exhausted(items: Item[], answer: Answer): void {
    const err = new MillimetricError(
      "retries_exhausted",
      `${items.length} event(s) not delivered after ${this.o.maxRetries} retries (${describe(answer)}); they stay queued and are retried on the next flush`,
      { status: answer.status || undefined, serverCode: answer.serverCode, count: items.length, cause: answer.cause },
    );
    // Back to the head, in order, so nothing is lost and order is kept.
    let i = this.head;
    while (i < this.queue.length && this.queue[i]!.seq < items[0]!.seq) i++;
    this.queue.splice(i, 0, ...items);
    this.held = true;
    this.forceUntil = 0;
    this.report(err);
    this.waiters = this.waiters.filter((w) => (w.target >= items[0]!.seq ? (w.reject(err), false) : true));
    this.ensureTick();
  }

  private minUnsettled(): number {
    let min = this.head < this.queue.length ? this.queue[this.head]!.seq : Infinity;
    for (const b of this.inflight) if (b[0]!.seq < min) min = b[0]!.seq;
    return min;
  }

  private settle(): void {
    if (!this.waiters.length) return;
    const min = this.minUnsettled();
    this.waiters = this.waiters.filter((w) => (w.target < min ? (w.resolve(), false) : true));
    if (!this.waiters.length) for (const t of this.timers) t.unref?.();
  }

  private ensureTick(): void {
    if (this.tick || this.closed || this.head >= this.queue.length) return;
    this.tick = this.timer(() => {
      this.tick = undefined;
      this.forceUntil = Math.max(this.forceUntil, this.seq);
      this.held = false;
      this.pump();
    }, this.o.flushIntervalMs);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timer(resolve, ms));
  }

  /** Timers are unref'd unless a flush() is waiting: they never keep an idle process up. */
  private timer(fn: () => void, ms: number): Timer {
    const t: Timer = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    if (!this.waiters.length) t.unref?.();
    return t;
  }

  private reportDrops(): void {
    const n = this.pendingDrops;
    this.pendingDrops = 0;
    this.report(
      new MillimetricError(
        "queue_overflow",
        `dropped the ${n} oldest event(s): the queue holds at most ${this.o.maxQueueSize} (maxQueueSize) and the server is not keeping up`,
        { count: n },
      ),
    );
  }

  private report(err: MillimetricError): void {
    try {
      this.onError(err);
    } catch {
      // a throwing hook must not break delivery
    }
  }
}

function describe(a: Answer): string {
  if (!a.status) return `network error: ${(a.cause as Error | undefined)?.message ?? "unknown"}`;
  const details = a.details ? ` ${JSON.stringify(a.details)}` : "";
  return `HTTP ${a.status}${a.serverCode ? ` ${a.serverCode}` : ""}${details}`;
}
