import type { ClientOptions } from "./ClientOptions";
import { MillimetricClient } from "./MillimetricClient";

// Shared through a global symbol: this module is in each of the package's main builds
// (neutral and Node, ESM and CJS, each bundled on its own), and one app can load two of
// them (ESM code next to a dependency that requires the CJS build): they must agree on one
// default client. Not a bridge between copies of core, which is imported, not inlined.
const SLOT = Symbol.for("millimetric.defaultClient");
type Slot = { [SLOT]?: MillimetricClient };

/**
 * Creates the default client used by the module-level `track`, `identify`, `flush` and
 * `shutdown`. Calling it again replaces the default client (the old one keeps
 * delivering what it has).
 *
 * @example
 * ```ts
 * init({ key: process.env.MILLIMETRIC_SECRET_KEY, flushAt: 50, flushIntervalMs: 2000 });
 * ```
 */
export function init(options: ClientOptions = {}): MillimetricClient {
  return ((globalThis as Slot)[SLOT] = new MillimetricClient(options));
}

/**
 * The default client; created from `MILLIMETRIC_SECRET_KEY`/`MILLIMETRIC_HOST` on first
 * use when `init()` was not called.
 *
 * @param defaults Options for the client if this call is the one that creates it; ignored
 *   once it exists. Adapters for long-running servers pass their batching defaults here.
 *   Default: none (track-node's documented defaults).
 * @throws MillimetricError (code `invalid_key`) when there is no client and no key in the environment.
 * @example
 * ```ts
 * getClient().track({ event: "job_done", user_id: "42" });
 * getClient({ flushAt: 50 }); // an adapter's defaults, when nothing created the client yet
 * ```
 */
export function getClient(defaults?: ClientOptions): MillimetricClient {
  return ((globalThis as Slot)[SLOT] ??= new MillimetricClient(defaults));
}

/**
 * The default client if something created it (`init()`, `getClient()`, a module-level
 * `track`), else `undefined`; never creates one, never throws. What a flush or a shutdown
 * wants: a default client that does not exist yet holds nothing to deliver, and creating
 * one just to flush it costs a client (and, without a key, a thrown error) every call.
 *
 * @example
 * ```ts
 * await existingClient()?.flush(); // after a handler: nothing to do if nothing was tracked
 * ```
 */
export function existingClient(): MillimetricClient | undefined {
  return (globalThis as Slot)[SLOT];
}
