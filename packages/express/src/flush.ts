import type { ClientFlushArgs } from "@millimetric/track-node/adapter";
import { kit } from "./kit";

/**
 * Delivers everything queued so far on every client this package sends to: each
 * middleware's own (`millimetric({ key, flushAt, … })`), one passed as
 * `millimetric({ client })`, and track-node's default client (`init()`, or the
 * `MILLIMETRIC_*` env vars). Resolves once all of them are settled; with nothing to send
 * it resolves at once, key or no key. Rejects with the first delivery failure, after
 * every client had its turn.
 *
 * @param args Passed to each client's `flush()` as they are: track-node's flush options
 *   (e.g. a `timeoutMs` deadline) where its version has them.
 * @example
 * ```ts
 * import { flush } from "@millimetric/express";
 * process.on("SIGTERM", async () => { await flush(); process.exit(0); });
 * ```
 */
export function flush(...args: ClientFlushArgs): Promise<void> {
  return kit.flush(...args);
}
