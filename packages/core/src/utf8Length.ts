const ASCII = /^[\x00-\x7f]*$/;
let encoder: TextEncoder | undefined;

/** UTF-8 byte length of `s` (what a body cap or the 8 KB properties rule measures). */
export function utf8Length(s: string): number {
  if (ASCII.test(s)) return s.length;
  return (encoder ??= new TextEncoder()).encode(s).length;
}
