/** Reads one request header by its lower-case name; every framework has one of these. */
export type HeaderReader = (name: string) => string | null | undefined;

/**
 * The "no invented visitors" rule: whether a request that carries no id of its own may be
 * given a freshly minted one. Browsers send `Sec-Fetch-Site` and `Sec-Fetch-Dest` on every
 * request (Chrome 76+, Firefox 90+, Safari 16.4+) and `text/html` in `Accept` on every
 * navigation. `Sec-Fetch-Mode` alone does not count: Node's own `fetch` sends it. Webhooks,
 * health checks, cron jobs and server-to-server calls send neither. Minting for those would
 * create a phantom visitor (and send Set-Cookie to Stripe), so their events keep only the
 * ids the caller passes. A request that already carries an `aid` cookie or the
 * `x-millimetric-anonymous-id` header keeps that id whatever this says.
 *
 * @example
 * ```ts
 * isBrowserRequest((name) => req.headers[name] as string | undefined)
 * isBrowserRequest((name) => request.headers.get(name))
 * ```
 */
export function isBrowserRequest(header: HeaderReader): boolean {
  return !!(header("sec-fetch-site") || header("sec-fetch-dest") || /text\/html/i.test(header("accept") ?? ""));
}
