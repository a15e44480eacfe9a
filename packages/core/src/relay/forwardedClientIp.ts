/**
 * The visitor's IP from an `X-Forwarded-For` chain, believing only the proxies the app
 * runs behind: each proxy appends the address it saw connecting to it, so with
 * `trustedProxies` proxies in front of the server, the entry the outermost one appended —
 * the `trustedProxies`-th from the end — is the visitor's, and every entry before it is
 * whatever the client sent (anyone can start the chain with any address). Express's
 * numeric `trust proxy` setting makes the same choice.
 *
 * With `trustedProxies` 1 (the default: one proxy or platform in front, nginx's
 * `$proxy_add_x_forwarded_for`, AWS ALB, Google's load balancers, Vercel) that is the
 * last entry. A chain shorter than `trustedProxies` (the request skipped some proxy)
 * gives its first entry. No chain, or one with no entry, gives undefined.
 *
 * @param forwardedFor the request's `X-Forwarded-For` header (several lines joined by commas)
 * @param trustedProxies how many proxies in front of the server append to the header; a positive integer
 * @example
 * ```ts
 * forwardedClientIp("6.6.6.6, 203.0.113.9") // "203.0.113.9": the client wrote 6.6.6.6, the proxy appended 203.0.113.9
 * forwardedClientIp("203.0.113.9, 10.0.0.2", 2) // "203.0.113.9": a CDN, then a load balancer
 * ```
 */
export function forwardedClientIp(forwardedFor: string | null | undefined, trustedProxies = 1): string | undefined {
  if (!forwardedFor) return undefined;
  const entries = forwardedFor
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - Math.max(1, Math.floor(trustedProxies)))];
}
