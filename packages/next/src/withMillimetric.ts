import {
  AID_COOKIE,
  ANONYMOUS_ID_HEADER,
  findAnonymousId,
  getCookieValues,
  isBrowserRequest,
  replaceCookie,
  resolveAnonymousId,
  serializeAidCookie,
  serializeAidMintedCookie,
  type AidCookieOptions,
} from "@millimetric/core";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server.js";
import { AID_MINTED_HEADER } from "./aidMintedHeader";
import { isPrefetch } from "./isPrefetch";
import { isStaticAsset } from "./matcher";
import { REQUEST_URL_HEADER } from "./requestUrlHeader";

/** What a `proxy.ts`/`middleware.ts` function may return. */
export type ProxyResult = Response | NextResponse | null | undefined | void;

/** A user's own proxy/middleware function, wrapped by {@link withMillimetric}. */
export type MillimetricHandler = (request: NextRequest, event: NextFetchEvent) => ProxyResult | Promise<ProxyResult>;

/** Options of {@link withMillimetric}. */
export interface WithMillimetricOptions {
  /**
   * Name and attributes of the id cookie. `secure` defaults to whether the request came
   * over https (`x-forwarded-proto` or the URL). Use the same `name` in
   * `<MillimetricProvider cookie={{ name }}>` and `configureMillimetric({ cookieName })`.
   * @default { name: "aid", path: "/", maxAge: 31536000, sameSite: "Lax" }
   * @example withMillimetric({ cookie: { domain: "example.com" } })
   */
  cookie?: AidCookieOptions;
  /**
   * Which requests get a visitor id. The default skips prefetches and static assets
   * (the same rule as {@link MILLIMETRIC_MATCHER}). Your own handler runs either way.
   * @default (request) => !isPrefetch(request) && !isStaticAsset(request.nextUrl.pathname)
   * @example withMillimetric({ shouldHandle: (req) => !req.nextUrl.pathname.startsWith("/webhooks") })
   */
  shouldHandle?: (request: NextRequest) => boolean;
  /**
   * Whether a request that carries no visitor id gets a new one. The default is core's
   * "no invented visitors" rule: only a browser (a `Sec-Fetch-Site`/`Sec-Fetch-Dest`
   * header, or `text/html` in `Accept`) is given an id, so a webhook, a health check or a
   * server-to-server call gets no cookie and its events no invented `anonymous_id`. A
   * request that already has an id keeps it either way.
   * @default (request) => isBrowserRequest((name) => request.headers.get(name))
   * @example withMillimetric({ isVisitorRequest: (req) => !req.nextUrl.pathname.startsWith("/api/webhooks") })
   */
  isVisitorRequest?: (request: NextRequest) => boolean;
}

/** The function `withMillimetric()` returns: export it as `proxy` (or `middleware`, or default). */
export type MillimetricProxy = (request: NextRequest, event: NextFetchEvent) => Promise<ProxyResult>;

const OVERRIDE = "x-middleware-override-headers";
const REQUEST_PREFIX = "x-middleware-request-";

const defaultShouldHandle = (request: NextRequest) =>
  !isPrefetch(request.headers) && !isStaticAsset(request.nextUrl.pathname);
const defaultIsVisitorRequest = (request: NextRequest) => isBrowserRequest((name) => request.headers.get(name));

/**
 * Gives every visitor a stable anonymous id before anything renders: reads it from the
 * `x-millimetric-anonymous-id` header or the `aid` cookie (invalid values are discarded),
 * mints one when there is none, sets the cookie on the response, and forwards it on the
 * request itself so server components, route handlers and server actions of this very
 * request see the same id as the browser. Wraps your own proxy/middleware function
 * (responses, rewrites, redirects and `NextResponse.next({ request })` keep every cookie
 * and header you set), or stands alone.
 *
 * @example
 * ```ts
 * // proxy.ts (Next 16) — or middleware.ts with `export default`
 * import { withMillimetric } from "@millimetric/next";
 * export const proxy = withMillimetric();
 * ```
 * @example
 * ```ts
 * export default withMillimetric(async (request) => {
 *   if (!request.cookies.has("session")) return NextResponse.redirect(new URL("/login", request.url));
 * });
 * ```
 */
export function withMillimetric(handler?: MillimetricHandler, options?: WithMillimetricOptions): MillimetricProxy;
export function withMillimetric(options?: WithMillimetricOptions): MillimetricProxy;
export function withMillimetric(
  handlerOrOptions?: MillimetricHandler | WithMillimetricOptions,
  maybeOptions?: WithMillimetricOptions,
): MillimetricProxy {
  const handler = typeof handlerOrOptions === "function" ? handlerOrOptions : undefined;
  const options = (typeof handlerOrOptions === "function" ? maybeOptions : handlerOrOptions) ?? {};
  const cookieName = options.cookie?.name ?? AID_COOKIE.name;
  const shouldHandle = options.shouldHandle ?? defaultShouldHandle;

  const isVisitorRequest = options.isVisitorRequest ?? defaultIsVisitorRequest;

  return async function millimetricProxy(request, event) {
    const result = handler ? await handler(request, event) : undefined;
    if (!shouldHandle(request)) return result;

    const input = { header: request.headers.get(ANONYMOUS_ID_HEADER), cookieHeader: request.headers.get("cookie"), cookieName };
    // No id and no browser (a webhook, a health check): no cookie, no invented visitor.
    const aid = findAnonymousId(input) || isVisitorRequest(request) ? resolveAnonymousId(input) : undefined;
    // No response from the user's handler means "continue".
    const continues = !result || result.headers.has("x-middleware-next") || result.headers.has("x-middleware-rewrite");
    if (!continues && !aid?.setCookie) return result ?? undefined;
    const response = mutable(result ?? NextResponse.next());

    if (continues) {
      // The request headers the app will see: the user's override when they set one,
      // otherwise a copy of the incoming request's. The id goes on its Cookie header (a
      // cookie set only on the response is invisible to this request's server code), the
      // URL on ours, and "minted" is stated by us alone.
      const overridden = response.headers.get(OVERRIDE);
      const forwarded = overridden === null ? new Headers(request.headers) : readOverride(response.headers, overridden);
      if (aid && (aid.setCookie || getCookieValues(forwarded.get("cookie"), cookieName).join() !== aid.id)) {
        forwarded.set("cookie", replaceCookie(forwarded.get("cookie"), cookieName, aid.id));
      }
      if (aid?.minted) forwarded.set(AID_MINTED_HEADER, "1");
      else forwarded.delete(AID_MINTED_HEADER);
      forwarded.set(REQUEST_URL_HEADER, request.nextUrl.href);
      writeOverride(response.headers, forwarded);
    }
    if (aid?.setCookie) {
      const cookie = { ...options.cookie, secure: options.cookie?.secure ?? isHttps(request) };
      response.headers.append("set-cookie", serializeAidCookie(aid.id, cookie));
      // Pages without a script (static, Pages Router) learn "minted just now" from this.
      if (aid.minted) response.headers.append("set-cookie", serializeAidMintedCookie(aid.id, cookie));
    }
    return response;
  };
}

// NextResponse.next({ request: { headers } }) encodes the app's request headers as
// `x-middleware-request-<name>` plus the list of names in `x-middleware-override-headers`;
// Next then drops every request header not in that list.
function readOverride(headers: Headers, list: string): Headers {
  const out = new Headers();
  for (const name of list.split(",")) {
    const key = name.trim();
    const value = key ? headers.get(REQUEST_PREFIX + key) : null;
    if (value !== null) out.set(key, value);
  }
  return out;
}

function writeOverride(headers: Headers, forwarded: Headers): void {
  for (const key of [...headers.keys()]) if (key.startsWith(REQUEST_PREFIX)) headers.delete(key);
  const names: string[] = [];
  forwarded.forEach((value, key) => {
    headers.set(REQUEST_PREFIX + key, value);
    names.push(key);
  });
  headers.set(OVERRIDE, names.join(","));
}

// Response.redirect() and fetched responses have immutable headers: copy them.
function mutable(response: Response): Response {
  try {
    response.headers.set("x-millimetric-probe", "1");
    response.headers.delete("x-millimetric-probe");
    return response;
  } catch {
    return new NextResponse(response.body, response);
  }
}

function isHttps(request: NextRequest): boolean {
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return proto ? proto === "https" : request.nextUrl.protocol === "https:";
}
