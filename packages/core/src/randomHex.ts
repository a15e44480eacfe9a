/**
 * `bytes` random bytes from Web Crypto as lowercase hex. Web Crypto is global in
 * browsers, Node 19+, Bun, Deno and edge runtimes; Node 18 exposes it too.
 */
export function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let out = "";
  for (let i = 0; i < buf.length; i++) out += (buf[i]! < 16 ? "0" : "") + buf[i]!.toString(16);
  return out;
}
