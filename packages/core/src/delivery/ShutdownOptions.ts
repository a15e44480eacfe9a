/**
 * Options of `shutdown()` (the engine's, `MillimetricClient`'s and track-node's
 * module-level one).
 */
export interface ShutdownOptions {
  /**
   * Most milliseconds `shutdown()` takes. What is not delivered by then is dropped:
   * requests in flight are aborted, retries stop, and the count reaches `onError` as a
   * `shutdown` error, which the promise also rejects with. The default leaves most of a
   * typical 30 s SIGTERM grace period to the rest of the app's shutdown (without it, a
   * server that never answers holds shutdown about 40 s: 4 attempts of the 10 s request
   * timeout, plus backoff). `Infinity` waits as long as delivery takes.
   * @default 5000
   * @example
   * ```ts
   * process.on("SIGTERM", async () => {
   *   await shutdown({ timeoutMs: 8000 }).catch(() => {}); // the loss is already reported to onError
   *   process.exit(0);
   * });
   * ```
   */
  timeoutMs?: number;
}
