/** A `setTimeout` handle; `ref`/`unref` exist on Node, Bun and Deno, not in browsers. */
export type Timer = ReturnType<typeof setTimeout> & { ref?: () => void; unref?: () => void };

/**
 * The engine's timers (interval tick, request timeouts, retry and pacing sleeps), kept so
 * that they can keep the process alive only while a `flush()` waits, and all be stopped
 * at once when `shutdown()` gives up.
 *
 * @example
 * ```ts
 * const timers = new DeliveryTimers(() => waiters.waiting);
 * await timers.sleep(200); // unref'd unless someone waits for a flush
 * ```
 */
export class DeliveryTimers {
  private readonly pending = new Set<Timer>();
  /** Wakes the retry and pacing sleeps early, when shutdown() gives up. */
  private readonly sleepers = new Set<() => void>();

  /** @param keepAlive Asked as each timer starts: whether it may keep the process alive. */
  constructor(private readonly keepAlive: () => boolean) {}

  /** Runs `fn` after `ms`; unref'd unless `keepAlive()` says a flush() is waiting, so an idle process can exit. */
  start(fn: () => void, ms: number): Timer {
    const t: Timer = setTimeout(() => {
      this.pending.delete(t);
      fn();
    }, ms);
    this.pending.add(t);
    if (!this.keepAlive()) t.unref?.();
    return t;
  }

  /** Stops a timer that has not fired. */
  cancel(t: Timer): void {
    clearTimeout(t);
    this.pending.delete(t);
  }

  /** Resolves after `ms`, or at once when {@link cancelAll} runs. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => (this.sleepers.delete(wake), resolve());
      this.sleepers.add(wake);
      this.start(wake, ms);
    });
  }

  /** Lets every pending timer keep the process alive (a flush() now waits for them) or not. */
  holdProcess(hold: boolean): void {
    for (const t of this.pending) hold ? t.ref?.() : t.unref?.();
  }

  /** Stops every timer and wakes every sleep: nothing of the engine is left to keep the process up. */
  cancelAll(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }
}
