import type { NextRequest } from "next/server.js";

/**
 * The URL the visitor asked for, for server events' `url`: the scheme and host the request
 * came with (`x-forwarded-proto`/`x-forwarded-host` behind a proxy, else the `Host`
 * header), and Next's path and query. `request.nextUrl` alone will not do: `next start`
 * builds it from its own host name (`localhost`), not from the request, so server events
 * would disagree with the browser's on the origin.
 */
export function forwardedUrl(request: NextRequest): string {
  const headers = request.headers;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || request.nextUrl.protocol.replace(/:$/, "");
  const { pathname, search } = request.nextUrl;
  return host ? `${proto}://${host}${pathname}${search}` : request.nextUrl.href;
}
