import { getClient } from "./defaultClient";

/**
 * Flushes the default client and stops it.
 *
 * @example
 * ```ts
 * await shutdown();
 * ```
 */
export function shutdown(): Promise<void> {
  return getClient().shutdown();
}
