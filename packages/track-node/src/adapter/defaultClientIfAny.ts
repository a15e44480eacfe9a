import { getClient, type ClientOptions, type MillimetricClient } from "@millimetric/track-node";

/**
 * track-node's default client, or `undefined` when there can be none (no `init()`, no
 * `MILLIMETRIC_SECRET_KEY`): then nothing was ever queued on it, so there is nothing to
 * flush, and a `flush()` must not fail for want of a key.
 *
 * @param defaults The adapter's client defaults, used if this call is the one creating it.
 */
export function defaultClientIfAny(defaults?: ClientOptions): MillimetricClient | undefined {
  try {
    return getClient(defaults);
  } catch {
    return undefined;
  }
}
