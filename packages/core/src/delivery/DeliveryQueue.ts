import { type BatchLimits, type NextBatch, nextBatch } from "./nextBatch";
import type { QueuedEvent } from "./QueuedEvent";

/**
 * The engine's bounded FIFO of serialised events. Past `maxSize` the oldest are dropped
 * (the caller counts and reports them). Taken events leave by moving a head index, not
 * by shifting the array: a backlog of 100 000 drains in linear time.
 *
 * @example
 * ```ts
 * const queue = new DeliveryQueue(100_000);
 * queue.push('{"event":"signup"}'); // 0 dropped
 * const { events } = queue.take({ maxBatchEvents: 1000, maxBatchBytes: 262_144 });
 * ```
 */
export class DeliveryQueue {
  private events: QueuedEvent[] = [];
  /** Index of the first event still waiting; those before it were taken or dropped. */
  private head = 0;
  private seq = 0;

  constructor(private readonly maxSize: number) {}

  /** Events waiting (not taken). */
  get size(): number {
    return this.events.length - this.head;
  }

  /** The seq of the latest event pushed: `flush()` waits for everything up to it. */
  get lastSeq(): number {
    return this.seq;
  }

  /** The seq of the oldest event waiting, or `Infinity` when none is. */
  get firstSeq(): number {
    return this.head < this.events.length ? this.events[this.head]!.seq : Infinity;
  }

  /** Queues one event's JSON and returns how many of the oldest were dropped to make room. */
  push(json: string): number {
    this.events.push({ seq: ++this.seq, json });
    const overflow = this.size - this.maxSize;
    if (overflow <= 0) return 0;
    this.head += overflow;
    this.compact();
    return overflow;
  }

  /** Takes the next batch off the head (see {@link nextBatch}). */
  take(limits: BatchLimits): NextBatch {
    const batch = nextBatch(this.events, this.head, limits);
    this.head += batch.events.length;
    this.compact();
    return batch;
  }

  /**
   * Puts a batch that could not be delivered back where it was, before every later event:
   * nothing is lost and the order is kept.
   */
  putBack(batch: readonly QueuedEvent[]): void {
    let i = this.head;
    while (i < this.events.length && this.events[i]!.seq < batch[0]!.seq) i++;
    this.events.splice(i, 0, ...batch);
  }

  /** How many waiting events have a seq ≤ `target`. */
  countUpTo(target: number): number {
    let n = 0;
    for (let i = this.head; i < this.events.length && this.events[i]!.seq <= target; i++) n++;
    return n;
  }

  /** Drops everything waiting (shutdown's deadline); the seq keeps counting. */
  clear(): void {
    this.events = [];
    this.head = 0;
  }

  /** Frees the taken head once it is most of the array, so memory follows the backlog. */
  private compact(): void {
    if (this.head === this.events.length) this.clear();
    else if (this.head > 4096 && this.head * 2 > this.events.length) (this.events = this.events.slice(this.head)), (this.head = 0);
  }
}
