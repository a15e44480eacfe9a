import { randomHex } from "./randomHex";

/**
 * A fresh anonymous id: `u_` followed by 32 random hex characters (128 bits) from
 * Web Crypto. Servers pass `pooledRandomHex` (≈ 0.25 µs an id instead of ≈ 3 µs); the
 * browser keeps the default, the smaller function.
 *
 * @param hex where the random hex comes from
 * @default randomHex
 * @example
 * ```ts
 * mintId() // "u_3f9a0c…" (34 chars)
 * mintId(pooledRandomHex) // the same, on a server's hot path
 * ```
 */
export function mintId(hex: (bytes: number) => string = randomHex): string {
  return "u_" + hex(16);
}
