import { blameRejectedBatch } from "./blameRejectedBatch";
import { fetchTransport } from "./fetchTransport";
import type { FlushOptions } from "./FlushOptions";
import { MillimetricError } from "./MillimetricError";
import { parseRetryAfter } from "./parseRetryAfter";
import { MAX_BATCH_EVENTS, PUBLISHED_RATE_LIMITS, type PaceLimit } from "./publishedLimits";
import type { ShutdownOptions } from "./ShutdownOptions";
import { TokenBucket } from "./TokenBucket";
import type { Transport } from "./Transport";
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
   * How requests are sent, for an SDK with a cheaper client than `fetch` on its runtime
   * (track-node's `node:http` keep-alive transport on Node). Wins over `fetch`.
   * @default fetchTransport(fetch ?? globalThis.fetch)
   * @example { transport: fetchTransport(myFetch) }
   */
  transport?: Transport;
  /**
   * Called with every failure the engine gives up on or works around (dropped,
   * rejected, redirected, retries exhausted). The rejections of one batch come as one
   * call whose `count` says how many events were dropped, not one call per event. It
   * may be `async` (typed `=> void` so that any hook fits): a hook that throws, or whose
   * promise rejects, is ignored; it can neither stop delivery nor become an unhandled
   * rejection.
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
  /** Rejected by the server with a 4xx, or answered with a redirect, and not retried. */
  failed: number;
  requests: number;
  retries: number;
}

type Endpoint = "/v1/track" | "/v1/batch";
interface Item {
  seq: number;
  json: string;
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
  /** The error body reached the read cap: `details` may be missing or cut short. */
  truncated?: boolean;
  retryAfterMs?: number;
  /** A 3xx, or the browser's opaque redirect (status 0): the host is not the ingest API. */
  redirect?: boolean;
  /** The redirect's target, absolute, when the runtime shows it. */
  location?: string;
  cause?: unknown;
}
/** One batch taken from the queue, while it and its splits are in flight. */
interface BatchState {
  /** Its events not yet delivered, failed or put back. */
  left: number;
  /** Its rejections (4xx) per kind, reported once when the batch is done. */
  rejections: Map<string, { first: Answer; count: number; requests: number }>;
}
type Timer = ReturnType<typeof setTimeout> & { ref?: () => void; unref?: () => void };

const BATCH_OVERHEAD = '{"events":[]}'.length;
/**
 * The most of an answer's body that is read. The protocol's answers are a few hundred
 * bytes; an error naming every field of a big batch can be tens of KiB, and one cut
 * short only makes the engine split the batch (smaller batches, smaller answers).
 */
const MAX_ANSWER_BYTES = 64 * 1024;
const SHUTDOWN_TIMEOUT_MS = 5000;
/** setTimeout's largest delay; anything above it fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const ignore = (): void => {};
// A zero timeout, not Node's immediate queue: the edge runtime defines that function as a stub that
// throws, and Next's edge build warns wherever the name appears.
const defer = (fn: () => void): void => void setTimeout(fn, 0);

/**
 * The delivery engine: a bounded FIFO of serialised events, a batcher (count and body
 * cap), paced requests with retry (exponential backoff with jitter on 5xx/network,
 * `Retry-After` on 429), isolation of bad events by splitting a rejected batch (bounded
 * when splitting cannot help; one report a batch), redirects refused as a wrong host,
 * answers read up to a cap, and `flush()`/`shutdown()` that resolve once what was
 * queued before the call is settled, or by their `timeoutMs`. Events must already be
 * validated; the engine only moves JSON.
 *
 * @example
 * ```ts
 * const d = new Delivery({ host: "http://127.0.0.1:8787", key: "sk_test_…", flushAt: 100 });
 * d.enqueue({ event: "signup", anonymous_id: "u_…" });
 * await d.flush();
 * ```
 */
export class Delivery {
  private readonly o: Required<Omit<DeliveryOptions, "pacing" | "fetch" | "transport" | "onError">>;
  private readonly transport: Transport;
  /** The same two headers on every request, built once. */
  private readonly headers: Record<string, string>;
  private readonly onError: (error: MillimetricError) => unknown;
  private readonly buckets: Partial<Record<Endpoint, TokenBucket>> = {};
  private readonly pausedUntil: Record<Endpoint, number> = { "/v1/track": 0, "/v1/batch": 0 };
  private queue: Item[] = [];
  private head = 0;
  private seq = 0;
  private readonly inflight = new Map<Item[], BatchState>();
  /** Bodies take() already built while measuring a batch, by batch. */
  private readonly bodies = new WeakMap<Item[], string>();
  /** Events taken from the queue and not yet delivered, failed or put back. */
  private inflightEvents = 0;
  private waiters: Waiter[] = [];
  private readonly timers = new Set<Timer>();
  /** Wakes the retry and pacing sleeps early, when shutdown() gives up. */
  private readonly sleepers = new Set<() => void>();
  private readonly requestsInFlight = new Set<AbortController>();
  private tick: Timer | undefined;
  /** Events with seq ≤ this go out even below flushAt (flush or interval tick). */
  private forceUntil = 0;
  /** After retries are exhausted, wait for the next tick or flush() before resending. */
  private held = false;
  private pumpScheduled = false;
  private closed = false;
  /** shutdown() ran out of time: everything left was dropped and nothing more is sent. */
  private abandoned = false;
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
    this.transport = options.transport ?? fetchTransport(f ?? ((input, init) => globalThis.fetch(input, init)));
    this.headers = { "content-type": "application/json", authorization: `Bearer ${this.o.key}` };
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
    // Sizes are measured per batch in take(), not here: once over a batch's body is a
    // fraction of the cost of once per event.
    this.queue.push({ seq: ++this.seq, json });
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
   * some of them could not be delivered after `maxRetries` (those stay queued), with
   * the `http_error` of a redirect (the host is wrong; those events are dropped), and,
   * given `timeoutMs`, with a `timeout` error when that time ran out first (those stay
   * queued and keep being sent). While a flush waits, the engine's timers keep the
   * process alive.
   *
   * @example
   * ```ts
   * await delivery.flush({ timeoutMs: 2000 });
   * ```
   */
  flush(options: FlushOptions = {}): Promise<void> {
    return this.waitFor(options.timeoutMs, (waiter, ms) => {
      const left = this.unsettledUpTo(waiter.target);
      return new MillimetricError(
        "timeout",
        `flush({ timeoutMs: ${ms} }) ran out of time with ${left} event(s) not yet delivered; they stay queued and keep being sent (the server is slow or unreachable, or pacing holds them): await flush() again, or give it more time`,
        { count: left },
      );
    });
  }

  /**
   * Flushes, then stops: later events are dropped and reported. Settles within
   * `timeoutMs` (default 5000): what is not delivered by then is dropped, reported to
   * `onError` as a `shutdown` error with the count, and the promise rejects with it.
   *
   * @example
   * ```ts
   * await delivery.shutdown({ timeoutMs: 8000 });
   * ```
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    this.closed = true;
    try {
      await this.waitFor(options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS, (_waiter, ms) => this.abandon(ms));
    } finally {
      // Only the interval tick: a batch sleeping before its retry must still finish (be
      // delivered, or requeued and reported), never hang in flight.
      if (this.tick) clearTimeout(this.tick), this.timers.delete(this.tick), (this.tick = undefined);
    }
  }

  /**
   * A promise settled when everything queued so far is; past `timeoutMs` (when finite)
   * it rejects with what `onTimeout` makes of the waiter still waiting.
   */
  private waitFor(timeoutMs: number | undefined, onTimeout: (waiter: Waiter, ms: number) => MillimetricError): Promise<void> {
    const target = this.seq;
    if (this.minUnsettled() > target) return Promise.resolve();
    this.forceUntil = Math.max(this.forceUntil, target);
    this.held = false;
    return new Promise<void>((resolve, reject) => {
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        target,
        resolve: () => (clearTimeout(deadline), resolve()),
        reject: (err) => (clearTimeout(deadline), reject(err)),
      };
      this.waiters.push(waiter);
      for (const t of this.timers) t.ref?.();
      if (timeoutMs !== undefined && timeoutMs <= MAX_TIMER_MS) {
        const ms = Math.max(0, timeoutMs);
        // Not one of the engine's timers: it lives exactly as long as this waiter, and
        // keeps the process up while the caller awaits.
        deadline = setTimeout(() => {
          if (!this.waiters.includes(waiter)) return;
          this.waiters = this.waiters.filter((w) => w !== waiter);
          if (!this.waiters.length) for (const t of this.timers) t.unref?.();
          if (this.unsettledUpTo(target) === 0) return resolve();
          reject(onTimeout(waiter, ms));
        }, ms);
      }
      this.pump();
    });
  }

  /**
   * shutdown()'s deadline: drops everything still queued or in flight (aborting the
   * requests and waking the sleeping retries, so nothing keeps the process up),
   * reports the count, and fails every flush still waiting.
   */
  private abandon(ms: number): MillimetricError {
    const left = this.queue.length - this.head + this.inflightEvents;
    const err = new MillimetricError(
      "shutdown",
      `shutdown({ timeoutMs: ${ms} }) ran out of time: dropped ${left} event(s) not yet delivered (requests in flight were aborted; the server is slow or unreachable, or pacing held them). Check "host", or give shutdown a longer timeoutMs`,
      { count: left },
    );
    this.abandoned = true;
    this.queue = [];
    this.head = 0;
    this.inflightEvents = 0;
    this.counts.dropped += left;
    const stop = new Error("[millimetric] aborted: shutdown() ran out of time");
    for (const request of this.requestsInFlight) request.abort(stop);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.tick = undefined;
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
    this.report(err);
    for (const w of this.waiters.splice(0)) w.reject(err);
    return err;
  }

  /** How many of the events with seq ≤ `target` are still queued or in flight. */
  private unsettledUpTo(target: number): number {
    let n = 0;
    for (let i = this.head; i < this.queue.length && this.queue[i]!.seq <= target; i++) n++;
    for (const [batch, { left }] of this.inflight) {
      if (batch[batch.length - 1]!.seq <= target) n += left;
      // Only a batch that straddles the target: which of its events are settled is not tracked.
      else n += Math.min(left, batch.filter((item) => item.seq <= target).length);
    }
    return n;
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
      const state: BatchState = { left: batch.length, rejections: new Map() };
      this.inflight.set(batch, state);
      this.inflightEvents += batch.length;
      void this.deliver(batch, endpoint, state).finally(() => {
        this.inflight.delete(batch);
        this.settle();
        this.pump();
      });
    }
    this.ensureTick();
  }

  private take(): Item[] {
    const q = this.queue;
    const cap = this.o.maxBatchBytes;
    // First by UTF-16 length, which is never more than the UTF-8 size: no batch that
    // this leaves out could have fitted.
    let end = this.head;
    let units = BATCH_OVERHEAD;
    while (end < q.length && end - this.head < this.o.maxBatchEvents) {
      const n = q[end]!.json.length + 1;
      if (end > this.head && units + n > cap) break;
      units += n;
      end++;
    }
    let out = q.slice(this.head, end);
    // A UTF-16 unit is at most 3 UTF-8 bytes, so only a batch that could be over the cap
    // is measured: once, as the body it is sent as (kept for the request), and item by
    // item only when multi-byte text did put it over.
    if (out.length > 1 && units * 3 > cap) {
      const body = batchBody(out);
      if (utf8Length(body) + 1 > cap) out = out.slice(0, fittingPrefix(out, cap));
      else this.bodies.set(out, body);
    }
    this.head += out.length;
    this.compact();
    return out;
  }

  private compact(): void {
    if (this.head === this.queue.length) (this.queue = []), (this.head = 0);
    else if (this.head > 4096 && this.head * 2 > this.queue.length) (this.queue = this.queue.slice(this.head)), (this.head = 0);
  }

  /** Sends one batch taken from the queue; its rejections are reported once, together. */
  private async deliver(batch: Item[], endpoint: Endpoint, state: BatchState): Promise<void> {
    await this.send(batch, endpoint, state);
    for (const { first, count, requests } of state.rejections.values()) {
      const split = requests > 1 ? ` (in ${requests} requests, after splitting the batch to isolate the rejected events; the first answer is shown)` : "";
      this.report(
        new MillimetricError("http_error", `server rejected ${count} event(s) with ${describe(first)}${split}; not retried. ${nextStep(first.status)}`, {
          status: first.status,
          serverCode: first.serverCode,
          count,
        }),
      );
    }
  }

  private async send(items: Item[], endpoint: Endpoint, state: BatchState): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.post(endpoint, items);
      if (this.abandoned) return;
      if (answer.ok) {
        this.counts.delivered += items.length;
        return this.settled(state, items.length);
      }
      if (answer.redirect) return this.misdirected(items, endpoint, answer, state);
      const { status } = answer;
      if (status === 400 || status === 413) {
        const split = items.length > 1 && this.split(items, answer);
        // All-or-nothing batches: send the parts apart until the bad events are alone, deliver the rest.
        if (split) return void (await Promise.all(split.map((part) => this.send(part, endpoint, state))));
      }
      if (status >= 400 && status < 500 && status !== 429) {
        this.counts.failed += items.length;
        this.settled(state, items.length);
        const kind = `${status} ${answer.serverCode ?? ""}`;
        const seen = state.rejections.get(kind);
        if (seen) (seen.count += items.length), seen.requests++;
        else state.rejections.set(kind, { first: answer, count: items.length, requests: 1 });
        return;
      }
      if (attempt >= this.o.maxRetries) return this.exhausted(items, answer, state);
      this.counts.retries++;
      const backoff = this.o.retryBaseMs * 2 ** attempt;
      await this.sleep(answer.retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2));
      if (this.abandoned) return;
    }
  }

  /**
   * How to split a batch of 2+ events the server rejected, or `undefined` when no split
   * can help. A 413 is about size: halve. A 400 that names events by position: those
   * apart from the rest (each part is sent again, so a wrong position costs a request,
   * never an event). A 400 about some event it does not name: halve. A 400 about the
   * request itself, or that names every event: every split would fail the same way, so
   * the batch fails whole (one request, not 2n − 1).
   */
  private split(items: Item[], answer: Answer): Item[][] | undefined {
    const halve = (): Item[][] => [items.slice(0, items.length >>> 1), items.slice(items.length >>> 1)];
    if (answer.status === 413) return halve();
    // A body cut at the read cap may have lost the names; smaller batches get shorter answers.
    if (answer.truncated) return halve();
    const blame = blameRejectedBatch(answer.details, items.length);
    if (blame === "some_event") return halve();
    if (blame === "request" || blame.length === items.length) return undefined;
    const named = new Set(blame);
    return [items.filter((_, i) => named.has(i)), items.filter((_, i) => !named.has(i))];
  }

  /**
   * A redirect: `host` is not the ingest API (a wrong scheme, domain or path). It is
   * not followed (a 301/302 turns the POST into a GET, whose 200 would read as
   * delivered), and a wrong host never gets better: like a 4xx the events fail,
   * reported, and the flushes waiting for them reject.
   */
  private misdirected(items: Item[], endpoint: Endpoint, answer: Answer, state: BatchState): void {
    this.counts.failed += items.length;
    this.settled(state, items.length);
    const to = answer.location ? ` to ${answer.location}` : "";
    // Pointing elsewhere (http → https, another domain) usually is the fix; the same origin is not.
    const elsewhere = answer.location && originOf(answer.location) !== originOf(this.o.host) ? `, perhaps ${originOf(answer.location)}` : "";
    const err = new MillimetricError(
      "http_error",
      `${this.o.host}${endpoint} answered with a redirect${answer.status ? ` (HTTP ${answer.status})` : ""}${to}: "host" is not the ingest API's base URL (redirects are not followed: they would turn the POST into a GET and lose the events). Set host to the ingest API's origin${elsewhere}; ${items.length} event(s) were not delivered`,
      { status: answer.status || undefined, count: items.length },
    );
    this.report(err);
    this.waiters = this.waiters.filter((w) => (w.target >= items[0]!.seq ? (w.reject(err), false) : true));
  }

  private async post(endpoint: Endpoint, items: Item[]): Promise<Answer> {
    await this.waitTurn(endpoint);
    if (this.abandoned) return { ok: false, status: 0 };
    const body = endpoint === "/v1/track" ? items[0]!.json : (this.bodies.get(items) ?? batchBody(items));
    this.counts.requests++;
    const request = new AbortController();
    this.requestsInFlight.add(request);
    // One signal for both the timeout and shutdown's deadline (AbortSignal.any is not everywhere yet).
    const timeout = this.timer(() => request.abort(new Error(`no answer within ${this.o.timeoutMs} ms (timeoutMs)`)), this.o.timeoutMs);
    try {
      const res = await this.transport({ url: this.o.host + endpoint, headers: this.headers, body, signal: request.signal, maxAnswerBytes: MAX_ANSWER_BYTES });
      if (res.redirect) {
        return { ok: false, status: res.status, redirect: true, location: res.location ? absolute(res.location, this.o.host + endpoint) : undefined };
      }
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
      let payload: { error?: string; details?: unknown; retry_after_s?: unknown } | undefined;
      try {
        payload = JSON.parse(res.text);
      } catch {
        // not our server's error shape (or cut at the cap); the status alone decides
      }
      const answer: Answer = { ok: false, status: res.status, serverCode: payload?.error, details: payload?.details, truncated: res.truncated };
      if (res.status === 429) {
        answer.retryAfterMs = parseRetryAfter(res.retryAfter ?? null, payload?.retry_after_s);
        this.pausedUntil[endpoint] = Date.now() + answer.retryAfterMs;
        this.buckets[endpoint]?.drain();
      }
      return answer;
    } catch (cause) {
      return { ok: false, status: 0, cause };
    } finally {
      clearTimeout(timeout);
      this.timers.delete(timeout);
      this.requestsInFlight.delete(request);
    }
  }

  private async waitTurn(endpoint: Endpoint): Promise<void> {
    for (;;) {
      const paused = this.pausedUntil[endpoint] - Date.now();
      const wait = paused > 0 ? paused : (this.buckets[endpoint]?.take() ?? 0);
      if (!wait || this.abandoned) return;
      await this.sleep(wait);
    }
  }

  /** `n` events of a batch in flight are delivered, failed, or back in the queue. */
  private settled(state: BatchState, n: number): void {
    state.left -= n;
    this.inflightEvents -= n;
  }

  private exhausted(items: Item[], answer: Answer, state: BatchState): void {
    const err = new MillimetricError(
      "retries_exhausted",
      `${items.length} event(s) not delivered after ${this.o.maxRetries} retries (${describe(answer)}); they stay queued and are retried on the next flush`,
      { status: answer.status || undefined, serverCode: answer.serverCode, count: items.length, cause: answer.cause },
    );
    // Back to the head, in order, so nothing is lost and order is kept.
    this.settled(state, items.length);
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
    for (const b of this.inflight.keys()) if (b[0]!.seq < min) min = b[0]!.seq;
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
    return new Promise((resolve) => {
      const wake = (): void => (this.sleepers.delete(wake), resolve());
      this.sleepers.add(wake);
      this.timer(wake, ms);
    });
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
      const returned: unknown = this.onError(err);
      // An async hook that rejects would otherwise be an unhandled rejection, which ends a Node process.
      if (typeof (returned as PromiseLike<unknown> | undefined)?.then === "function") (returned as PromiseLike<unknown>).then(undefined, ignore);
    } catch {
      // a throwing hook must not break delivery
    }
  }
}

/** The `/v1/batch` body of `items`. */
function batchBody(items: Item[]): string {
  return `{"events":[${items.map((i) => i.json).join(",")}]}`;
}

/**
 * How many of `items`, from the first, fit in `cap` bytes, by each one's UTF-8 size:
 * the batch overhead plus each event and its comma (the first one always goes).
 */
function fittingPrefix(items: Item[], cap: number): number {
  let bytes = BATCH_OVERHEAD;
  let k = 0;
  for (; k < items.length; k++) {
    const n = utf8Length(items[k]!.json) + 1;
    if (k && bytes + n > cap) break;
    bytes += n;
  }
  return k;
}

function describe(a: Answer): string {
  if (!a.status) return `network error: ${(a.cause as Error | undefined)?.message ?? "unknown"}`;
  let details = a.details ? ` ${JSON.stringify(a.details)}` : "";
  // The details of a big batch name every broken field of every event: a log line needs the first few.
  if (details.length > 500) details = `${details.slice(0, 500)}…`;
  return `HTTP ${a.status}${a.serverCode ? ` ${a.serverCode}` : ""}${details}`;
}

/** What to do about a 4xx, for the end of its message. */
function nextStep(status: number): string {
  if (status === 401 || status === 403) return "Check the key: an sk_ key of this project, for this host.";
  if (status === 400 || status === 413) return "Fix the fields the details name (or lower maxBatchBytes for a 413).";
  return "Check host and key.";
}

function absolute(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
