import type { MillimetricError } from "../errors/MillimetricError";

/** A `flush()` or `shutdown()` waiting for every event up to `target` to settle. */
export interface FlushWaiter {
  /** The seq of the last event queued before the call. */
  target: number;
  resolve: () => void;
  reject: (err: MillimetricError) => void;
}

/**
 * The flushes waiting, in the order they were called. Events settle in seq order from
 * the oldest unsettled one, so a waiter is done once that one is past its target.
 *
 * @example
 * ```ts
 * waiters.add({ target: 10, resolve, reject });
 * waiters.resolveBelow(11); // every event up to 10 is settled: resolved
 * ```
 */
export class FlushWaiters {
  private list: FlushWaiter[] = [];

  /** Whether any flush is waiting (the engine's timers then keep the process alive). */
  get waiting(): boolean {
    return this.list.length > 0;
  }

  add(waiter: FlushWaiter): void {
    this.list.push(waiter);
  }

  /** Takes `waiter` out without settling it; false when it was no longer waiting. */
  remove(waiter: FlushWaiter): boolean {
    if (!this.list.includes(waiter)) return false;
    this.list = this.list.filter((w) => w !== waiter);
    return true;
  }

  /** Resolves the waiters whose target is below `minUnsettled`, the oldest event not yet settled. */
  resolveBelow(minUnsettled: number): void {
    this.list = this.list.filter((w) => (w.target < minUnsettled ? (w.resolve(), false) : true));
  }

  /** Rejects with `err` the waiters that wait for the event `seq` (their target is at or past it). */
  rejectFrom(seq: number, err: MillimetricError): void {
    this.list = this.list.filter((w) => (w.target >= seq ? (w.reject(err), false) : true));
  }

  /** Rejects every waiter with `err`. */
  rejectAll(err: MillimetricError): void {
    for (const w of this.list.splice(0)) w.reject(err);
  }
}
