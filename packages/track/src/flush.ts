import { sendQueued } from "./queue";

/**
 * Sends every queued event now. Resolves when they are delivered or the attempt has
 * failed (failed events stay queued and are retried with backoff); never rejects.
 *
 * @example
 * ```ts
 * track("exported_report");
 * await flush();
 * ```
 */
export function flush(): Promise<void> {
  return sendQueued(true); // forced: no waiting for the backoff
}
