/**
 * Splits a request target (`req.url`, e.g. `/v1/batch?key=pk_…`) into its path and
 * query, taken as sent: no URL parser, so no normalising of `..` or of the host.
 *
 * @example
 * ```ts
 * splitRequestTarget("/v1/query?limit=5") // { pathname: "/v1/query", query: URLSearchParams { limit: "5" } }
 * ```
 */
export function splitRequestTarget(target: string): { pathname: string; query: URLSearchParams } {
  const q = target.indexOf("?");
  return {
    pathname: q === -1 ? target : target.slice(0, q),
    query: new URLSearchParams(q === -1 ? "" : target.slice(q + 1)),
  };
}
