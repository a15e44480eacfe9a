import { clientRegistry, type ClientFlushArgs, type ClientShutdownArgs, type SettleableClient } from "./clientRegistry";
import { defaultClientIfAny } from "./defaultClientIfAny";
import { settleAll } from "./settleAll";

/**
 * Flushes every client this package sends to (see {@link flush}) and stops the ones it
 * created, track-node's default client included: later `track()` calls are dropped and
 * reported. A client you passed as `{ client }` is flushed but left running. Never fails
 * for want of a key. All clients settle in parallel.
 *
 * @param args Passed to each client's `shutdown()` as they are (track-node's shutdown
 *   options, e.g. `{ timeoutMs }`, default 5000); a passed client's `flush()` gets the same.
 * @example
 * ```ts
 * import { shutdown } from "@millimetric/fastify";
 * process.on("SIGTERM", async () => { await app.close(); await shutdown(); });
 * ```
 */
export function shutdown(...args: ClientShutdownArgs): Promise<void> {
  const { owned, given } = clientRegistry();
  const stop = new Set<SettleableClient>(owned);
  const fallback = defaultClientIfAny();
  if (fallback) stop.add(fallback);
  const flushOnly = [...given].filter((c) => !stop.has(c));
  // Both take `{ timeoutMs }` where they take options at all.
  const flushArgs = args as unknown as ClientFlushArgs;
  return settleAll([...[...stop].map((c) => c.shutdown(...args)), ...flushOnly.map((c) => c.flush(...flushArgs))]);
}
