/**
 * `bytes` random bytes from Web Crypto as lowercase hex. Web Crypto is global in
 * browsers, Node 18+, Bun, Deno and edge runtimes. On a hot server path use
 * {@link pooledRandomHex}.
 *
 * @example
 * ```ts
 * randomHex(16) // "9f86d081884c7d659a2feaa0c55ad015"
 * ```
 */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => (b | 256).toString(16).slice(1)).join("");
}
