import type { ClientShutdownArgs } from "@millimetric/track-node/adapter";
import { kit } from "./kit";

/**
 * Flushes every client this package sends to (see {@link flush}) and stops the ones it
 * created, track-node's default client included: later `track()` calls are dropped and
 * reported. A client you passed as `millimetric({ client })` is flushed but left running:
 * you may still use it elsewhere, so `client.shutdown()` stays yours. Never fails for want
 * of a key. All clients settle in parallel.
 *
 * @param args Passed to each client's `shutdown()` as they are: track-node's shutdown
 *   options (e.g. a `timeoutMs` deadline) where its version has them; a passed client's
 *   `flush()` gets the same.
 * @example
 * ```ts
 * import { shutdown } from "@millimetric/express";
 * process.on("SIGTERM", async () => { await shutdown(); server.close(); });
 * ```
 */
export function shutdown(...args: ClientShutdownArgs): Promise<void> {
  return kit.shutdown(...args);
}
