import type { ShutdownOptions } from "@millimetric/core";
import { getClient } from "./defaultClient";

/**
 * Flushes the default client and stops it, within `timeoutMs` (default 5000): what is
 * not delivered by then is dropped, reported to `onError` (code `shutdown`, with the
 * `count`), and the promise rejects with that error (see {@link MillimetricClient.shutdown}).
 *
 * @param options `timeoutMs`: the most it takes. Default 5000, well inside a typical
 *   30 s SIGTERM grace period.
 * @example
 * ```ts
 * process.on("SIGTERM", async () => {
 *   await shutdown({ timeoutMs: 8000 }).catch(() => {});
 *   process.exit(0);
 * });
 * ```
 */
export function shutdown(options?: ShutdownOptions): Promise<void> {
  return getClient().shutdown(options);
}
