/**
 * Compiles allowed-origin patterns into one test. `*` alone allows any origin; a
 * `:*` port matches any port or none (`http://localhost:*` covers `http://localhost`
 * and `http://localhost:3000`); any other `*` matches one DNS label
 * (`https://*.example.com`). Comparison ignores case; the literal `null` origin of
 * sandboxed frames and `file:` pages never matches a pattern.
 *
 * @example
 * ```ts
 * const allowed = createOriginMatcher(["http://localhost:*"]);
 * allowed("http://localhost:5173") // true
 * allowed("http://localhost.evil.com") // false
 * ```
 */
export function createOriginMatcher(patterns: readonly string[]): (origin: string) => boolean {
  if (patterns.includes("*")) return () => true;
  const sources = patterns.map((p) =>
    p
      .replace(/\/+$/, "")
      .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
      .replace(/:\*$/, "(?::\\d{1,5})?")
      .replace(/\*/g, "[a-z0-9-]+"),
  );
  const re = sources.length ? new RegExp(`^(?:${sources.join("|")})$`, "i") : /(?!)/;
  return (origin) => origin !== "null" && re.test(origin);
}
