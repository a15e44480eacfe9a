import { kit } from "./kit";

/**
 * Delivers every queued server event now. Not needed in requests (the helpers flush after
 * the response); use it in scripts or before a process exits. Resolves at once when
 * nothing is queued, key or no key.
 *
 * @example
 * ```ts
 * await flush();
 * ```
 */
export function flush(): Promise<void> {
  return kit.flush();
}
