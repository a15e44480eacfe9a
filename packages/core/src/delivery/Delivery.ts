import { callHook } from "../errors/callHook";
import { decideOnAnswer } from "./decideOnAnswer";
import type { DeliveryAnswer } from "./DeliveryAnswer";
import type { DeliveryEndpoint } from "./DeliveryEndpoint";
import type { DeliveryEvent } from "./DeliveryEvent";
import type { DeliveryEventOptions } from "./DeliveryEventOptions";
import {
  closedError,
  flushTimeoutError,
  queueOverflowError,
  redirectError,
  rejectedError,
  retriesExhaustedError,
  shutdownTimeoutError,
} from "./deliveryErrors";
import type { DeliveryOptions } from "./DeliveryOptions";
import { DeliveryQueue } from "./DeliveryQueue";
import type { DeliveryStats } from "./DeliveryStats";
import { DeliveryTimers, type Timer } from "./DeliveryTimers";
import { fetchTransport } from "./fetchTransport";
import type { FlushOptions } from "./FlushOptions";
import { type FlushWaiter, FlushWaiters } from "./FlushWaiters";
import { type BatchState, InFlightBatches } from "./InFlightBatches";
import type { MillimetricError } from "../errors/MillimetricError";
import type { QueuedEvent } from "./QueuedEvent";
import { RequestSender } from "./RequestSender";
import { type ResolvedDeliveryOptions, resolveDeliveryOptions } from "./resolveDeliveryOptions";
import type { ShutdownOptions } from "./ShutdownOptions";
import { splitBatch } from "./splitBatch";

const SHUTDOWN_TIMEOUT_MS = 5000;
/** setTimeout's largest delay; anything above it fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
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
 * validated; the engine only moves JSON. Every result (delivered, retried, dropped) is
 * told to `onDelivery` as it happens.
 *
 * This class only sequences the parts: the queue ({@link DeliveryQueue}) and what forms a
 * batch (`nextBatch`), the requests (`RequestSender`: pacing, transport, timeout), what
 * to do with an answer (`decideOnAnswer`), what is in flight, who waits, and the timers.
 *
 * @example
 * ```ts
 * const d = new Delivery({ host: "http://127.0.0.1:8787", key: "sk_test_…", flushAt: 100 });
 * d.enqueue({ event: "signup", anonymous_id: "u_…" });
 * await d.flush();
 * ```
 */
export class Delivery {
  private readonly o: ResolvedDeliveryOptions;
  private readonly onError: (error: MillimetricError) => unknown;
  private readonly onDelivery: ((event: DeliveryEvent) => unknown) | undefined;
  private readonly queue: DeliveryQueue;
  private readonly inFlight = new InFlightBatches();
  private readonly waiters = new FlushWaiters();
  // While a flush() waits, the engine's timers keep the process alive; otherwise never.
  private readonly timers = new DeliveryTimers(() => this.waiters.waiting);
  private readonly sender: RequestSender;
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
  private readonly counts = { delivered: 0, dropped: 0, failed: 0, retries: 0 };

  constructor(options: DeliveryOptions & DeliveryEventOptions) {
    this.o = resolveDeliveryOptions(options);
    const f = options.fetch;
    const transport = options.transport ?? fetchTransport(f ?? ((input, init) => globalThis.fetch(input, init)));
    this.sender = new RequestSender({ host: this.o.host, key: this.o.key, timeoutMs: this.o.timeoutMs, transport, pacing: options.pacing }, this.timers);
    this.onError = options.onError ?? ((err) => console.error(err.message));
    this.onDelivery = options.onDelivery;
    this.queue = new DeliveryQueue(this.o.maxQueueSize);
  }

  /** Whether `shutdown()` was called: `enqueue()` drops from then on. */
  get stopped(): boolean {
    return this.closed;
  }

  /** Counters and current queue depth. */
  get stats(): DeliveryStats {
    const { delivered, dropped, failed, retries } = this.counts;
    return { delivered, dropped, failed, requests: this.sender.requests, retries, queued: this.queue.size, inFlight: this.inFlight.size };
  }

  /**
   * Queues one already-validated event. Never throws and never blocks. Returns whether
   * it was queued: `false` after `shutdown()` (the event is dropped and reported).
   */
  enqueue(event: object): boolean {
    if (this.closed) {
      this.counts.dropped++;
      this.emit({ type: "dropped", count: 1, reason: "shutdown" });
      this.report(closedError());
      return false;
    }
    // Sizes are measured per batch when one is taken, not here: once over a batch's body
    // is a fraction of the cost of once per event.
    const overflow = this.queue.push(JSON.stringify(event));
    if (overflow > 0) {
      this.counts.dropped += overflow;
      // One report for a burst of drops, after the burst.
      if ((this.pendingDrops += overflow) === overflow) queueMicrotask(() => this.reportDrops());
      this.settle();
    }
    if (this.queue.size >= this.o.flushAt) this.schedulePump();
    else this.ensureTick();
    return true;
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
    return this.waitFor(options.timeoutMs, (target, ms) => flushTimeoutError(ms, this.unsettledUpTo(target)));
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
      await this.waitFor(options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS, (_target, ms) => this.abandon(ms));
    } finally {
      // Only the interval tick: a batch sleeping before its retry must still finish (be
      // delivered, or requeued and reported), never hang in flight.
      if (this.tick) this.timers.cancel(this.tick), (this.tick = undefined);
    }
  }

  /**
   * A promise settled when everything queued so far is; past `timeoutMs` (when finite)
   * it rejects with what `onTimeout` makes of the events up to `target` still unsettled.
   */
  private waitFor(timeoutMs: number | undefined, onTimeout: (target: number, ms: number) => MillimetricError): Promise<void> {
    const target = this.queue.lastSeq;
    if (this.minUnsettled() > target) return Promise.resolve();
    this.forceUntil = Math.max(this.forceUntil, target);
    this.held = false;
    return new Promise<void>((resolve, reject) => {
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const waiter: FlushWaiter = {
        target,
        resolve: () => (clearTimeout(deadline), resolve()),
        reject: (err) => (clearTimeout(deadline), reject(err)),
      };
      this.waiters.add(waiter);
      this.timers.holdProcess(true);
      if (timeoutMs !== undefined && timeoutMs <= MAX_TIMER_MS) {
        const ms = Math.max(0, timeoutMs);
        // Not one of the engine's timers: it lives exactly as long as this waiter, and
        // keeps the process up while the caller awaits.
        deadline = setTimeout(() => {
          if (!this.waiters.remove(waiter)) return;
          if (!this.waiters.waiting) this.timers.holdProcess(false);
          if (this.unsettledUpTo(target) === 0) return resolve();
          reject(onTimeout(target, ms));
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
    const left = this.queue.size + this.inFlight.events;
    const err = shutdownTimeoutError(ms, left);
    this.abandoned = true;
    this.queue.clear();
    this.inFlight.forget();
    this.counts.dropped += left;
    if (left > 0) this.emit({ type: "dropped", count: left, reason: "shutdown" });
    this.sender.stop(new Error("[millimetric] aborted: shutdown() ran out of time"));
    this.timers.cancelAll();
    this.tick = undefined;
    this.report(err);
    this.waiters.rejectAll(err);
    return err;
  }

  /** How many of the events with seq ≤ `target` are still queued or in flight. */
  private unsettledUpTo(target: number): number {
    return this.queue.countUpTo(target) + this.inFlight.countUpTo(target);
  }

  /** The seq of the oldest event still queued or in flight (`Infinity`: none). */
  private minUnsettled(): number {
    return Math.min(this.queue.firstSeq, this.inFlight.firstSeq);
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

  /** Starts requests for what is due, up to `maxConcurrentRequests` at once. */
  private pump(): void {
    while (!this.held && this.inFlight.size < this.o.maxConcurrentRequests && this.queue.size > 0) {
      if (this.queue.size < this.o.flushAt && this.queue.firstSeq > this.forceUntil) break;
      const { events: batch, body } = this.queue.take(this.o);
      const endpoint: DeliveryEndpoint = batch.length === 1 && this.o.flushAt === 1 ? "/v1/track" : "/v1/batch";
      const state = this.inFlight.add(batch);
      void this.deliver(batch, endpoint, state, body).finally(() => {
        this.inFlight.delete(batch);
        this.settle();
        this.pump();
      });
    }
    this.ensureTick();
  }

  /** Sends one batch taken from the queue; its rejections are reported once, together. */
  private async deliver(batch: QueuedEvent[], endpoint: DeliveryEndpoint, state: BatchState, body: string | undefined): Promise<void> {
    await this.send(batch, endpoint, state, body);
    for (const { first, count, requests } of state.rejections.values()) {
      // 400: the server names broken fields; 413 reaches here only for one event too large alone.
      const reason = first.status === 400 || first.status === 413 ? "invalid_event" : "rejected";
      this.emit({ type: "dropped", count, reason, status: first.status });
      this.report(rejectedError(first, count, requests));
    }
  }

  /** Sends `items` until `decideOnAnswer` says they are done; `body` is theirs when already built. */
  private async send(items: QueuedEvent[], endpoint: DeliveryEndpoint, state: BatchState, body?: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.sender.post(endpoint, items, body);
      if (this.abandoned) return;
      const decision = decideOnAnswer(answer, { batchSize: items.length, attempt, maxRetries: this.o.maxRetries, retryBaseMs: this.o.retryBaseMs });
      switch (decision.action) {
        case "delivered":
          this.counts.delivered += items.length;
          this.emit({ type: "delivered", count: items.length, status: answer.status });
          return this.inFlight.settle(state, items.length);
        case "drop":
          if (decision.reason === "redirect") return this.misdirected(items, endpoint, answer, state);
          this.counts.failed += items.length;
          return this.inFlight.reject(state, answer, items.length);
        case "split":
          return void (await Promise.all(splitBatch(items, decision.isolate).map((part) => this.send(part, endpoint, state))));
        case "requeue":
          return this.exhausted(items, answer, state);
        case "retry":
          this.counts.retries++;
          this.emit({ type: "retry", count: items.length, waitMs: decision.afterMs, attempt: attempt + 1, ...(answer.status ? { status: answer.status } : {}) });
          await this.timers.sleep(decision.afterMs);
          if (this.abandoned) return;
      }
    }
  }

  /**
   * A redirect: `host` is not the ingest API (a wrong scheme, domain or path). It is
   * not followed (a 301/302 turns the POST into a GET, whose 200 would read as
   * delivered), and a wrong host never gets better: like a 4xx the events fail,
   * reported, and the flushes waiting for them reject.
   */
  private misdirected(items: QueuedEvent[], endpoint: DeliveryEndpoint, answer: DeliveryAnswer, state: BatchState): void {
    this.counts.failed += items.length;
    this.inFlight.settle(state, items.length);
    this.emit({ type: "dropped", count: items.length, reason: "redirected", ...(answer.status ? { status: answer.status } : {}) });
    const err = redirectError(this.o.host, endpoint, answer, items.length);
    this.report(err);
    this.waiters.rejectFrom(items[0]!.seq, err);
  }

  /** Retries are exhausted: the events go back to the head and wait for the next tick or flush(). */
  private exhausted(items: QueuedEvent[], answer: DeliveryAnswer, state: BatchState): void {
    const err = retriesExhaustedError(answer, items.length, this.o.maxRetries);
    this.inFlight.settle(state, items.length);
    this.queue.putBack(items);
    this.held = true;
    this.forceUntil = 0;
    this.report(err);
    this.waiters.rejectFrom(items[0]!.seq, err);
    this.ensureTick();
  }

  /** Resolves the flushes whose events are all settled; the last one lets the timers go. */
  private settle(): void {
    if (!this.waiters.waiting) return;
    this.waiters.resolveBelow(this.minUnsettled());
    if (!this.waiters.waiting) this.timers.holdProcess(false);
  }

  /** Events below flushAt still leave within flushIntervalMs. */
  private ensureTick(): void {
    if (this.tick || this.closed || this.queue.size === 0) return;
    this.tick = this.timers.start(() => {
      this.tick = undefined;
      this.forceUntil = Math.max(this.forceUntil, this.queue.lastSeq);
      this.held = false;
      this.pump();
    }, this.o.flushIntervalMs);
  }

  private reportDrops(): void {
    const n = this.pendingDrops;
    this.pendingDrops = 0;
    this.emit({ type: "dropped", count: n, reason: "queue_overflow" });
    this.report(queueOverflowError(n, this.o.maxQueueSize));
  }

  /**
   * Reports `err` through `onError` (default: `console.error`), as the engine reports its
   * own failures: a hook that throws or rejects is ignored. For an SDK's drops before the
   * queue (its `beforeSend`), so they reach the same hook.
   */
  report(err: MillimetricError): void {
    callHook(this.onError, err);
  }

  private emit(event: DeliveryEvent): void {
    callHook(this.onDelivery, event);
  }
}

