/**
 * Options of `flush()` (the engine's, `MillimetricClient`'s and track-node's
 * module-level one).
 */
export interface FlushOptions {
  /**
   * Settle within this many milliseconds. When events queued before the call are still
   * not delivered by then, the promise rejects with a `MillimetricError` (code
   * `timeout`) whose `count` says how many; nothing is dropped: they stay queued
   * and keep being sent, and a later `flush()` waits for them again. Not reported to
   * `onError`, as nothing was given up. Unset (or `Infinity`), `flush()` waits as long
   * as delivery takes: up to `maxRetries` retries of `timeoutMs` each, about 40 s with
   * the defaults against a server that never answers.
   * @default undefined (no deadline)
   * @example await client.flush({ timeoutMs: 2000 }) // a serverless handler with a time budget
   */
  timeoutMs?: number;
}
