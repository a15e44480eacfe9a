import type { ClientOptions } from "./ClientOptions";
import { MillimetricClient } from "./MillimetricClient";

// Shared through a global symbol so ESM and CJS copies agree on one default client.
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
 * @throws MillimetricError (code `invalid_key`) when there is no client and no key in the environment.
 */
export function getClient(): MillimetricClient {
  return ((globalThis as Slot)[SLOT] ??= new MillimetricClient());
}
