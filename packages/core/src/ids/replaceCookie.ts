/**
 * A `Cookie` request header in which every pair named `name` is replaced by one
 * `name=value`, every other pair kept in order. Middleware uses it to forward a minted
 * (or rewritten) id on the request itself, so code rendering that same request reads
 * the same id from the cookie as the browser will.
 *
 * @example
 * ```ts
 * replaceCookie("theme=dark; aid=<bad>", "aid", "u_1") // "theme=dark; aid=u_1"
 * ```
 */
export function replaceCookie(header: string | null | undefined, name: string, value: string): string {
  const pairs = (header ?? "").split(";").filter((pair) => {
    const eq = pair.indexOf("=");
    const key = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    return key !== "" && key !== name;
  });
  pairs.push(`${name}=${value}`);
  return pairs.map((p) => p.trim()).join("; ");
}
