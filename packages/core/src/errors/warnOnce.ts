const warned = new Set<string>();

/**
 * Logs `message` with `console.error` the first time `key` is seen in this process, so
 * a misconfiguration hit on every request is reported once, not per request.
 *
 * @example warnOnce("no-key", "[millimetric] no API key: set MILLIMETRIC_SECRET_KEY")
 */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.error(message);
}
