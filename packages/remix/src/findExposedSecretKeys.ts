/** A client-exposed variable that holds a secret key, and the key's kind (never the key). */
export interface ExposedSecretKey {
  name: string;
  kind: "sk" | "rk" | "ak";
}

// Millimetric's key kinds: pk_ is the browser's; sk_ (send), rk_ and ak_ (read, admin) are
// secret. Quotes and spaces around the value are tolerated: .env files often carry them.
const SECRET_KEY = /^\s*["']?(sk|rk|ak)_/;

/** The variables among `env` (Vite's `import.meta.env`) whose value is a secret Millimetric key, sorted by name. */
export function findExposedSecretKeys(env: Record<string, unknown>): ExposedSecretKey[] {
  const found: ExposedSecretKey[] = [];
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    const kind = typeof value === "string" ? SECRET_KEY.exec(value)?.[1] : undefined;
    if (kind) found.push({ name, kind: kind as ExposedSecretKey["kind"] });
  }
  return found;
}
