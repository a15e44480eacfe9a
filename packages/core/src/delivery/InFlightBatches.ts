import type { DeliveryAnswer } from "./DeliveryAnswer";
import type { QueuedEvent } from "./QueuedEvent";

/** One batch taken from the queue, while it and its splits are in flight. */
export interface BatchState {
  /** Its events not yet delivered, failed or put back. */
  left: number;
  /** Its rejections (4xx) per kind, reported once when the batch is done. */
  rejections: Map<string, { first: DeliveryAnswer; count: number; requests: number }>;
}

/**
 * The batches taken from the queue and not yet done, each with what is left of it: what
 * `flush()` still waits for besides the queue.
 *
 * @example
 * ```ts
 * const state = inFlight.add(batch);
 * inFlight.settle(state, batch.length); // all delivered
 * inFlight.delete(batch);
 * ```
 */
export class InFlightBatches {
  private readonly batches = new Map<QueuedEvent[], BatchState>();
  /** Events taken from the queue and not yet delivered, failed or put back. */
  private unsettled = 0;

  /** Batches in flight. */
  get size(): number {
    return this.batches.size;
  }

  /** Events in flight, over every batch. */
  get events(): number {
    return this.unsettled;
  }

  /** The seq of the oldest event of any batch in flight, or `Infinity` when none is. */
  get firstSeq(): number {
    let min = Infinity;
    for (const b of this.batches.keys()) if (b[0]!.seq < min) min = b[0]!.seq;
    return min;
  }

  add(batch: QueuedEvent[]): BatchState {
    const state: BatchState = { left: batch.length, rejections: new Map() };
    this.batches.set(batch, state);
    this.unsettled += batch.length;
    return state;
  }

  delete(batch: QueuedEvent[]): void {
    this.batches.delete(batch);
  }

  /** `n` events of a batch in flight are delivered, failed, or back in the queue. */
  settle(state: BatchState, n: number): void {
    state.left -= n;
    this.unsettled -= n;
  }

  /** Counts `n` events of a batch rejected with `answer`, to report once per kind of rejection. */
  reject(state: BatchState, answer: DeliveryAnswer, n: number): void {
    this.settle(state, n);
    const kind = `${answer.status} ${answer.serverCode ?? ""}`;
    const seen = state.rejections.get(kind);
    if (seen) (seen.count += n), seen.requests++;
    else state.rejections.set(kind, { first: answer, count: n, requests: 1 });
  }

  /** Shutdown's deadline dropped every event in flight: none of them is waited for any more. */
  forget(): void {
    this.unsettled = 0;
  }

  /** How many of the events with seq ≤ `target` are in flight. */
  countUpTo(target: number): number {
    let n = 0;
    for (const [batch, { left }] of this.batches) {
      if (batch[batch.length - 1]!.seq <= target) n += left;
      // Only a batch that straddles the target: which of its events are settled is not tracked.
      else n += Math.min(left, batch.filter((item) => item.seq <= target).length);
    }
    return n;
  }
}
