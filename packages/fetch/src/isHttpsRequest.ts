/**
 * Whether the visitor reached the app over https: the request URL, or the first
 * `X-Forwarded-Proto` a TLS-terminating proxy in front set. It only decides the cookie's
 * `Secure` attribute, which a forged header can only make stricter for its own sender.
 */
export function isHttpsRequest(request: Request): boolean {
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto ? proto === "https" : request.url.startsWith("https:");
}
