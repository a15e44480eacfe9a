/** The four key kinds of the protocol. */
export type KeyKind = "pk" | "sk" | "rk" | "ak";

/** A key split into its parts; `id` (up to the prefix) is safe to log, the secret never is. */
export interface ParsedApiKey {
  kind: KeyKind;
  env: string;
  prefix: string;
  /** `{kind}_{env}_{prefix}`: names the key in logs and error details. */
  id: string;
  key: string;
}

const KEY = /^(pk|sk|rk|ak)_([a-z]{1,16})_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{24,256}$/;

/**
 * Splits a `{kind}_{env}_{prefix}_{secret}` key, or returns undefined when it has
 * another shape.
 *
 * @example
 * ```ts
 * parseApiKey("pk_test_1a2b3c4d_" + "x".repeat(24))?.id // "pk_test_1a2b3c4d"
 * parseApiKey("hunter2") // undefined
 * ```
 */
export function parseApiKey(key: string): ParsedApiKey | undefined {
  const m = KEY.exec(key);
  if (!m) return undefined;
  const [, kind, env, prefix] = m as unknown as [string, KeyKind, string, string];
  return { kind, env, prefix, id: `${kind}_${env}_${prefix}`, key };
}
