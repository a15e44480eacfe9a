import type { ClientFlushArgs } from "@millimetric/track-node/adapter";
import { kit } from "./kit";

/**
 * Delivers everything queued so far on every client this package sends to: each plugin
 * registration's own (`register(millimetric, { key, flushAt, … })`), one passed as
 * `{ client }`, and track-node's default client (`init()`, or the `MILLIMETRIC_*` env
 * vars). Resolves once all of them are settled; with nothing to send it resolves at once,
 * key or no key. Rejects with the first delivery failure, after every client had its turn.
 * `app.close()` already flushes the plugin's client (its `onClose` hook).
 *
 * @param args Passed to each client's `flush()` as they are: track-node's flush options
 *   (e.g. a `timeoutMs` deadline).
 * @example
 * ```ts
 * import { flush } from "@millimetric/fastify";
 * await flush({ timeoutMs: 2000 });
 * ```
 */
export function flush(...args: ClientFlushArgs): Promise<void> {
  return kit.flush(...args);
}
