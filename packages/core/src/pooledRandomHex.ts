import { randomHex } from "./randomHex";

let pool = "";

/**
 * {@link randomHex} drawn from a 2 KiB pool: one Web Crypto call per 128 event ids keeps a
 * server's `track()` cheap (the browser SDK, which sends a few events, does not need it).
 *
 * @example
 * ```ts
 * event.event_id ??= pooledRandomHex(16);
 * ```
 */
export function pooledRandomHex(bytes: number): string {
  if (pool.length < bytes * 2) pool = randomHex(Math.max(2048, bytes));
  const hex = pool.slice(0, bytes * 2);
  pool = pool.slice(bytes * 2);
  return hex;
}
