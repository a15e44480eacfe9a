/**
 * A `Cookie` request header where every pair named `name` is replaced by one
 * `name=value`, all other pairs kept as they were, in order.
 */
export function replaceCookie(header: string | null, name: string, value: string): string {
  const pairs = (header ?? "").split(";").filter((pair) => {
    const eq = pair.indexOf("=");
    const key = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    return key !== "" && key !== name;
  });
  pairs.push(` ${name}=${value}`);
  return pairs.map((p) => p.trim()).join("; ");
}
