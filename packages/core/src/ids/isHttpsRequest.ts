/**
 * Whether the visitor reached the app over https, for Web-standard requests: the first
 * `X-Forwarded-Proto` a TLS-terminating proxy in front set, else the request URL. It only
 * decides the aid cookie's `Secure` attribute, which a forged header can only make
 * stricter for its own sender. (Express and Fastify defer to their own `req.secure` /
 * `request.protocol`, which honour the app's trust-proxy setting.)
 *
 * @example
 * ```ts
 * isHttpsRequest(request.headers.get("x-forwarded-proto"), request.url)
 * ```
 */
export function isHttpsRequest(forwardedProto: string | null | undefined, url: string): boolean {
  const proto = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  return proto ? proto === "https" : url.startsWith("https:");
}
