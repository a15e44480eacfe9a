import { serverClient } from "./serverState";

/**
 * Delivers every queued server event now. Not needed in requests (the helpers flush after
 * the response); use it in scripts or before a process exits.
 *
 * @example
 * ```ts
 * await flush();
 * ```
 */
export function flush(): Promise<void> {
  return serverClient()?.flush() ?? Promise.resolve();
}
