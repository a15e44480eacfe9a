import { warnOnce } from "@millimetric/core/internal";
import type { MillimetricClient } from "@millimetric/track-node";

/**
 * `client.flush()` for work nobody awaits (after the response): it never rejects, and a
 * failure is logged once. Delivery failures also reach the client's `onError`; this is
 * the one line that says they happened after a response.
 *
 * @example
 * ```ts
 * after(() => flushQuietly(client)); // Next: after() runs it once the response is sent
 * ```
 */
export function flushQuietly(client: Pick<MillimetricClient, "flush">): Promise<void> {
  return client.flush().catch((err: unknown) => {
    warnOnce("after-response", `[millimetric] flushing events after the response failed: ${err instanceof Error ? err.message : String(err)} (shown once)`);
  });
}
