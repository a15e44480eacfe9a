import { randomHex } from "./randomHex";

/**
 * A fresh anonymous id: `u_` followed by 32 random hex characters (128 bits) from
 * Web Crypto.
 *
 * @example
 * ```ts
 * mintId() // "u_3f9a0c…" (34 chars)
 * ```
 */
export function mintId(): string {
  return "u_" + randomHex(16);
}
