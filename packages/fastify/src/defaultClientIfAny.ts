import { getClient, type MillimetricClient } from "@millimetric/track-node";

/**
 * track-node's default client, or `undefined` when there can be none (no `init()`, no
 * `MILLIMETRIC_SECRET_KEY`): then nothing was ever queued on it, so there is nothing to
 * flush, and `flush()` must not fail for want of a key.
 */
export function defaultClientIfAny(): MillimetricClient | undefined {
  try {
    return getClient();
  } catch {
    return undefined;
  }
}
