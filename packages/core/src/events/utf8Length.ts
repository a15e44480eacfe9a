const ASCII = /^[\x00-\x7f]*$/;
let encoder: TextEncoder | undefined;
// Node's and Bun's native count, found at run time: core imports nothing from node:*.
// Marked pure so a browser bundle that never measures drops it (the size budget).
const byteLength = /* @__PURE__ */ (() => (globalThis as { Buffer?: { byteLength(s: string, encoding: "utf8"): number } }).Buffer?.byteLength)();

/** UTF-8 byte length of `s` (what a body cap or the 8 KB properties rule measures). */
export function utf8Length(s: string): number {
  if (byteLength) return byteLength(s, "utf8");
  if (ASCII.test(s)) return s.length;
  return (encoder ??= new TextEncoder()).encode(s).length;
}
