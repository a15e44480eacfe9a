import type { NextRequest } from "next/server.js";

/**
 * The URL the visitor asked for, for server events' `url`: the scheme and host the request
 * came with (`x-forwarded-proto`/`x-forwarded-host` behind a proxy, else the `Host`
 * header), and the path and query of `request.url`. `request.nextUrl` alone will not do:
 * `next start` builds it from its own host name (`localhost`), not from the request, so
 * server events would disagree with the browser's on the origin; and its `pathname` leaves
 * out the `basePath`, which the browser's URL has.
 *
 * @param header Reads a request header (the proxy passes the values its one pass over the
 *   headers found).
 * @example
 * ```ts
 * forwardedUrl(request, (name) => request.headers.get(name)) // "https://shop.example/docs/pricing?plan=pro"
 * ```
 */
export function forwardedUrl(request: NextRequest, header: (name: string) => string | null | undefined): string {
  const host = first(header("x-forwarded-host")) || header("host");
  if (!host) return request.url;
  const url = request.url;
  // request.url is absolute ("http://localhost:3000/docs/pricing?plan=pro"): the path
  // starts at the first "/" after the scheme's "//".
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  const proto = first(header("x-forwarded-proto")) || url.slice(0, url.indexOf(":"));
  return `${proto}://${host}${pathStart < 0 ? "/" : url.slice(pathStart)}`;
}

// The first of a comma-separated list (several proxies each appended theirs).
function first(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const comma = value.indexOf(",");
  return (comma < 0 ? value : value.slice(0, comma)).trim();
}
