// Random hex is made 4 KiB at a time and handed out in slices: track() stamps an
// event_id on every call, and one Web Crypto call plus one string per id dominated its
// cost. Created on first use, so bundles that never mint an id carry none of it.
let pool = "";
let at = 0;
let hex: string[] | undefined;

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
  const n = bytes * 2;
  if (at + n > pool.length) {
    hex ??= Array.from({ length: 256 }, (_, b) => (b < 16 ? "0" : "") + b.toString(16));
    const buf = crypto.getRandomValues(new Uint8Array(Math.max(2048, bytes)));
    pool = "";
    at = 0;
    for (let i = 0; i < buf.length; i++) pool += hex[buf[i]!];
  }
  return pool.slice(at, (at += n));
}
