import type { ClientFlushArgs } from "@millimetric/track-node/adapter";
import { kit } from "./kit";

/**
 * Delivers everything queued so far on every client this package sends to: each
 * wrapper's own (`withMillimetric(handler, { key, flushAt, … })`, or the one made from a
 * Worker's `env`), one passed as `{ client }`, and track-node's default client (`init()`,
 * or the `MILLIMETRIC_*` env vars). Resolves once all of them are settled; with nothing
 * to send it resolves at once, key or no key. Rejects with the first delivery failure,
 * after every client had its turn.
 *
 * `withMillimetric` already flushes after each response where the platform has
 * `waitUntil`; call this where it has not and the instance freezes after the response
 * (AWS Lambda), or on shutdown.
 *
 * @param args Passed to each client's `flush()` as they are: track-node's flush options
 *   (e.g. a `timeoutMs` deadline).
 * @example
 * ```ts
 * import { flush } from "@millimetric/fetch";
 * process.on("SIGTERM", async () => { await flush({ timeoutMs: 5000 }); process.exit(0); });
 * ```
 */
export function flush(...args: ClientFlushArgs): Promise<void> {
  return kit.flush(...args);
}
