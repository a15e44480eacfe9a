/**
 * The CSP nonce the app put on the request's `Content-Security-Policy` header (the way
 * Next.js itself finds the nonce for its own scripts): from `script-src`, else
 * `default-src`.
 */
export function scriptNonce(headers: Headers): string | undefined {
  const csp = headers.get("content-security-policy") ?? headers.get("content-security-policy-report-only");
  if (!csp) return undefined;
  const directives = csp.split(";").map((d) => d.trim());
  const directive =
    directives.find((d) => d.startsWith("script-src ")) ?? directives.find((d) => d.startsWith("default-src "));
  return directive?.match(/'nonce-([^']+)'/)?.[1];
}
