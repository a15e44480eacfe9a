// One getRandomValues call per 4 KiB instead of one per id: track() stamps an event_id
// on every call, and the call dominated its cost. Created on first use so bundles that
// never mint an id carry none of it.
let pool: Uint8Array | undefined;
let at = 0;

/**
 * `bytes` random bytes from Web Crypto as lowercase hex. Web Crypto is global in
 * browsers, Node 18+, Bun, Deno and edge runtimes.
 *
 * @example
 * ```ts
 * randomHex(16) // "9f86d081884c7d659a2feaa0c55ad015"
 * ```
 */
export function randomHex(bytes: number): string {
  if (!pool || at + bytes > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(Math.max(4096, bytes)));
    at = 0;
  }
  let out = "";
  for (let i = 0; i < bytes; i++) out += (pool[at++]! + 256).toString(16).slice(1);
  return out;
}
