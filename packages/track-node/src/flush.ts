import type { FlushOptions } from "@millimetric/core";
import { getClient } from "./defaultClient";

/**
 * Delivers what the default client has queued (see {@link MillimetricClient.flush}).
 * Await it before a serverless handler returns; on SIGTERM prefer `shutdown()`, which
 * has a deadline by default.
 *
 * @param options `timeoutMs`: settle within this long; past it the promise rejects with
 *   the count still pending, which stays queued. Default: no deadline.
 * @example
 * ```ts
 * await flush({ timeoutMs: 2000 });
 * ```
 */
export function flush(options?: FlushOptions): Promise<void> {
  return getClient().flush(options);
}
