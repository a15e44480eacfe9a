/** The four kinds of Millimetric API key, by prefix (see the protocol). */
export type KeyKind = "pk" | "sk" | "rk" | "ak";

/**
 * The kind of an API key: `pk` (browser, public by design), `sk` (server), `rk` (read),
 * `ak` (account), or `undefined` for anything else. Only a `pk_` key may ever reach a
 * browser bundle.
 *
 * @example
 * ```ts
 * keyKind("pk_live_f6589a94_…") // "pk"
 * keyKind(process.env.NEXT_PUBLIC_MILLIMETRIC_KEY) !== "pk" // a secret in a public variable
 * ```
 */
export function keyKind(key: unknown): KeyKind | undefined {
  const match = typeof key === "string" ? /^(pk|sk|rk|ak)_/.exec(key) : null;
  return (match?.[1] as KeyKind | undefined) ?? undefined;
}
