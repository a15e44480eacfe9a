/**
 * Every value of cookie `name` in a raw `Cookie` header, in header order (browsers put
 * the most specific path first). Never throws: a malformed pair is skipped, a value
 * that is not valid percent-encoding is returned as is, surrounding quotes are removed.
 *
 * @example
 * ```ts
 * getCookieValues("theme=dark; aid=u_1; aid=u_2", "aid") // ["u_1", "u_2"]
 * ```
 */
export function getCookieValues(header: string | null | undefined, name: string): string[] {
  const out: string[] = [];
  if (typeof header !== "string" || !header) return out;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(";", start);
    if (end === -1) end = header.length;
    const eq = header.indexOf("=", start);
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      let value = header.slice(eq + 1, end).trim();
      if (value.length > 1 && value[0] === '"' && value[value.length - 1] === '"') value = value.slice(1, -1);
      if (value.includes("%")) {
        try {
          value = decodeURIComponent(value);
        } catch {
          // keep the raw value; the caller's validation decides
        }
      }
      out.push(value);
    }
    start = end + 1;
  }
  return out;
}
