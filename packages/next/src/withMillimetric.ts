import { ANONYMOUS_ID_HEADER, decideVisitor, getCookieValues, privateCacheControl, RELAY_COOKIE, visitorPolicy, type AidCookieOptions, type VisitorDecision, type VisitorOptions } from "@millimetric/core";
import { FORWARDED_VISITOR_HEADER, forwardedVisitorValue, isHttpsRequest, replaceCookie } from "@millimetric/core/internal";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server.js";
import { isPrefetchBy } from "./isPrefetch";
import { isStaticAsset } from "./matcher";
import { REQUEST_URL_HEADER } from "./requestUrlHeader";
import { forwardedUrl } from "./forwardedUrl";
import type { NextRelayOptions } from "./relayOptions";
import { relayProxy } from "./relayProxy";

/** What a `proxy.ts`/`middleware.ts` function may return. */
export type ProxyResult = Response | NextResponse | null | undefined | void;

/**
 * A user's own proxy/middleware function, wrapped by {@link withMillimetric}: anything that
 * takes the `NextRequest` and returns a response (or nothing). It is called with
 * `(request, event)`, Next's `NextFetchEvent`; its second parameter may be typed otherwise,
 * so the functions middleware libraries return compose as written: Auth.js's `auth(fn)`
 * (typed as a route handler taking `{ params }`), next-intl's `createMiddleware(routing)`
 * (`(request) => NextResponse`), any `NextMiddleware`.
 *
 * @example
 * ```ts
 * import { auth } from "@/auth"; // Auth.js v5
 * export const proxy = withMillimetric(auth((request) => { … }));
 * ```
 */
export type MillimetricHandler = (request: NextRequest, ...rest: any[]) => ProxyResult | Promise<ProxyResult>;

/**
 * Options of {@link withMillimetric}: the visitor options every Millimetric adapter takes
 * (`cookie`, `ignorePrivacySignals`, core's `VisitorOptions`), and Next's own.
 */
export interface WithMillimetricOptions extends VisitorOptions {
  /**
   * Name and attributes of the id cookie. `secure` defaults to whether the request came
   * over https (`x-forwarded-proto` or the URL). Checked when `withMillimetric()` is called:
   * a `;`, `=`, a control character or an impossible value throws a `MillimetricTypeError`
   * (`invalid_config`) naming the option. If you change any of them, pass the same object
   * to `<MillimetricProvider cookie={…}>` and `configureMillimetric({ cookie })`.
   * @default { name: "aid", path: "/", maxAge: 31536000, sameSite: "Lax" }
   * @example withMillimetric({ cookie: { domain: "example.com" } }) // one id across app.example.com and www.example.com
   */
  cookie?: AidCookieOptions;
  /**
   * Which requests the proxy handles at all. The default skips prefetches and static
   * assets (the same rule as {@link MILLIMETRIC_MATCHER}). Your own handler runs either way.
   * @default (request) => !isPrefetch(request) && !isStaticAsset(request.nextUrl.pathname)
   * @example withMillimetric({ shouldHandle: (req) => !req.nextUrl.pathname.startsWith("/webhooks") })
   */
  shouldHandle?: (request: NextRequest) => boolean;
  /**
   * Whether a request that carries no visitor id may be given a new one. The default is
   * core's "no invented visitors" rule: only a browser (a `Sec-Fetch-Site`/`Sec-Fetch-Dest`
   * header, or `text/html` in `Accept`) is given an id, so a webhook, a health check or a
   * server-to-server call gets no cookie and its events no invented `anonymous_id`. Your
   * rule replaces that browser signal only: an `OPTIONS` preflight, a fetch from another
   * origin that is not a navigation, and an opted-out visitor never get an id. A request
   * that already has one keeps it either way. A rule that throws counts as `false` (the
   * request loses its id, never its response) and is logged once.
   * @default (request) => isBrowserRequest((name) => request.headers.get(name))
   * @example withMillimetric({ isVisitorRequest: (req) => !req.nextUrl.pathname.startsWith("/api/webhooks") })
   */
  isVisitorRequest?: (request: NextRequest) => boolean;
  /**
   * Mint, set the cookie and send even under Global Privacy Control. By default a request
   * carrying Global Privacy Control (`Sec-GPC: 1`) or the `mm_optout=1` cookie (written by
   * the browser SDK's `optOut()`) is honoured: no id is minted, no `aid` cookie is set, and
   * `track()`/`identify()` from `/server` and `/pages` in that request send nothing (they
   * return `undefined`; with `debug` the client logs the drop). Set it only when consent is
   * settled another way: it turns off Global Privacy Control, never the visitor's own
   * `mm_optout=1` (only `optIn()` clears that); the browser SDK's option has the same name.
   * The helpers follow the proxy's decision for every request it handles;
   * `configureMillimetric({ ignorePrivacySignals })` counts only where it did not run, so
   * give both the same value. Events that are not about the visitor (a webhook's, with only
   * a `user_id`) are the app's call: send them with an explicit context,
   * `client.track(event, {})`.
   * @default false
   * @example export const proxy = withMillimetric({ ignorePrivacySignals: true }); // consent settled by your own banner
   */
  ignorePrivacySignals?: boolean;
  /**
   * A first-party relay against ad blockers: `<relay>/v1/batch` and `<relay>/v1/track` on
   * the app's own origin are answered here, before your handler and without any cookie
   * work, by forwarding them to the ingest (`MILLIMETRIC_HOST`) with the visitor's `pk_`
   * key, `Origin`, `User-Agent` and IP, and no cookie. Visitors' pages also get a small
   * `mm_relay=<path>` cookie, from which `<MillimetricProvider>` sends there by itself.
   * The path is relative to your `basePath`, like the rest of Next's config (`"/_mm"`
   * under `basePath: "/docs"` answers `/docs/_mm/…`, and the cookie says so).
   * A string is the path; an object sets the rest (see {@link NextRelayOptions}).
   * @default undefined (no relay: the browser sends to the ingest host)
   * @example withMillimetric({ relay: "/_mm" })
   * @example withMillimetric({ relay: { path: "/_mm", host: "http://127.0.0.1:8787" } })
   */
  relay?: string | NextRelayOptions;
}

/** The function `withMillimetric()` returns: export it as `proxy` (or `middleware`, or default). */
export type MillimetricProxy = (request: NextRequest, event: NextFetchEvent) => Promise<ProxyResult>;

const OVERRIDE = "x-middleware-override-headers";
const REQUEST_PREFIX = "x-middleware-request-";
const VISITOR_KEY = REQUEST_PREFIX + FORWARDED_VISITOR_HEADER;
const URL_KEY = REQUEST_PREFIX + REQUEST_URL_HEADER;

/**
 * The request headers the proxy decides on. They are picked out of the one pass over the
 * request's headers that copies them into Next's override (which needs every header
 * anyway), instead of one lookup each.
 */
const WANTED = new Set([
  // decideVisitor: consent, the id, whether the request may start a visitor, https
  "cookie",
  "sec-gpc",
  ANONYMOUS_ID_HEADER,
  "sec-fetch-site",
  "sec-fetch-mode",
  "sec-fetch-dest",
  "accept",
  "x-forwarded-proto",
  // forwardedUrl (with x-forwarded-proto)
  "host",
  "x-forwarded-host",
  // isPrefetch
  "next-router-prefetch",
  "purpose",
  "sec-purpose",
  "x-moz",
]);

/** One pass over a request's headers: what the override copies, and what the proxy reads. */
interface HeaderPass {
  /** Every header but the ones the proxy writes itself, as name, value, name, value, … */
  copied: string[];
  /** The {@link WANTED} headers present. */
  wanted: Map<string, string>;
}

function readHeaders(headers: Headers): HeaderPass {
  const copied: string[] = [];
  const wanted = new Map<string, string>();
  for (const [key, value] of headers) {
    if (WANTED.has(key)) {
      wanted.set(key, value);
      // The proxy writes the Cookie header itself, with the id.
      if (key === "cookie") continue;
    }
    // Stated by the proxy alone: whatever a client sent under these names is dropped.
    if (key === FORWARDED_VISITOR_HEADER || key === REQUEST_URL_HEADER) continue;
    copied.push(key, value);
  }
  return { copied, wanted };
}

// `x-middleware-request-<name>` for the names requests usually carry, built once: header
// validation walks every character of a name, and a cached flat string is cheaper to walk
// than a fresh concatenation. Bounded, since clients choose header names.
const prefixed = new Map<string, string>();
function requestHeaderKey(name: string): string {
  let key = prefixed.get(name);
  if (key === undefined) {
    key = REQUEST_PREFIX + name;
    if (prefixed.size < 256) prefixed.set(name, key);
  }
  return key;
}

/**
 * Gives every visitor a stable anonymous id before anything renders. Per request it applies
 * core's one visitor decision (`decideVisitor`: consent, then the id from the
 * `x-millimetric-anonymous-id` header or the `aid` cookie, invalid values discarded, then
 * a freshly minted one only for a request that may start a visitor): it sets the cookies
 * the decision asks for on the response, and forwards the id on the request itself (its
 * `Cookie` header) and the decision (`x-millimetric-visitor`), so server components, route
 * handlers, server actions and Pages Router code of this very request see the same id as
 * the browser, and honour the same consent. Wraps your own proxy/middleware function
 * (responses, rewrites, redirects and `NextResponse.next({ request })` keep every cookie
 * and header you set), or stands alone.
 *
 * @throws MillimetricTypeError (`invalid_config`) when called with a cookie option that is
 * not one (a `;`, `=` or control character, an impossible value), naming it; or a relay
 * path that is not an absolute path.
 * @example
 * ```ts
 * // proxy.ts (Next 16) — or middleware.ts with `export default`
 * import { withMillimetric } from "@millimetric/next";
 * export const proxy = withMillimetric();
 * ```
 * @example
 * ```ts
 * // proxy.ts (Next 16). On Next 15 build the redirect from the Host header: its
 * // request.url is the server's own address (README: "Redirects on Next 15").
 * export const proxy = withMillimetric(async (request) => {
 *   if (!request.cookies.has("session")) return NextResponse.redirect(new URL("/login", request.url));
 * });
 * ```
 * @example
 * ```ts
 * // Auth.js v5: withMillimetric outside, so Auth.js's own redirects get the id too
 * export const proxy = withMillimetric(auth((request) => { … }));
 * ```
 */
export function withMillimetric(handler?: (request: NextRequest, event: NextFetchEvent) => ProxyResult | Promise<ProxyResult>, options?: WithMillimetricOptions): MillimetricProxy;
export function withMillimetric(handler?: MillimetricHandler, options?: WithMillimetricOptions): MillimetricProxy;
export function withMillimetric(options?: WithMillimetricOptions): MillimetricProxy;
export function withMillimetric(
  handlerOrOptions?: MillimetricHandler | WithMillimetricOptions,
  maybeOptions?: WithMillimetricOptions,
): MillimetricProxy {
  const handler = typeof handlerOrOptions === "function" ? handlerOrOptions : undefined;
  const options = (typeof handlerOrOptions === "function" ? maybeOptions : handlerOrOptions) ?? {};
  const { shouldHandle, isVisitorRequest } = options;
  // The cookie options are checked here, once: a bad one fails the app's start, not each request.
  const policy = visitorPolicy(options);
  const relay = options.relay === undefined ? undefined : relayProxy(options.relay);

  return async function millimetricProxy(request, event) {
    // The relay's own requests first: no handler call, no id, no cookie.
    if (relay?.matches(request)) return relay.forward(request);
    const result = handler ? await handler(request, event) : undefined;
    // The default rule is `!isPrefetch(request.headers) && !isStaticAsset(pathname)`: the
    // path first (no header read), the prefetch headers from the pass below.
    if (shouldHandle ? !shouldHandle(request) : isStaticAsset(request.nextUrl.pathname)) return result;
    const { copied, wanted } = readHeaders(request.headers);
    const header = (name: string) => wanted.get(name);
    if (!shouldHandle && isPrefetchBy(header)) return result;

    // The one per-request decision; this function only applies it.
    const decision = decideVisitor({ header, method: request.method, url: request.url, isVisitor: isVisitorRequest && (() => isVisitorRequest(request)) }, policy);
    const cookieHeader = header("cookie");
    // A visitor's browser learns of the relay from this cookie, set when it is missing or stale.
    // Its value is the path the browser sends to: the relay's under the app's basePath.
    const relayCookie = relay !== undefined && decision.anonymousId !== undefined && getCookieValues(cookieHeader, RELAY_COOKIE)[0] !== relay.browserPath(request.nextUrl.basePath);
    // No response from the user's handler means "continue".
    const continues = !result || result.headers.has("x-middleware-next") || result.headers.has("x-middleware-rewrite");
    if (!continues && decision.setCookies.length === 0 && !relayCookie) return result ?? undefined;
    const response = result ? mutable(result) : NextResponse.next();

    if (continues) {
      // The request headers the app will see: the user's override when they set one,
      // otherwise the incoming request's. The id goes on its Cookie header (a cookie set
      // only on the response is invisible to this request's server code); the decision and
      // the URL go on headers stated by us alone.
      const overridden = result ? response.headers.get(OVERRIDE) : null;
      if (overridden === null) {
        // The decision's Cookie header where it put the id in (just the id when the request
        // had none), else the request's own.
        const cookie = decision.forwardedCookie ?? cookieHeader;
        writeRequestHeaders(response.headers, copied, cookie, forwardedVisitorValue(decision), forwardedUrl(request, header), result !== undefined);
      } else {
        const forwarded = readOverride(response.headers, overridden);
        applyToOverride(forwarded, decision, policy.cookieName);
        forwarded.set(REQUEST_URL_HEADER, forwardedUrl(request, header));
        writeOverride(response.headers, forwarded);
      }
    }
    if (decision.setCookies.length) {
      for (const cookie of decision.setCookies) response.headers.append("set-cookie", cookie);
      // A shared cache must never store and replay this visitor's cookie (contract row 18):
      // Next keeps a proxy's Cache-Control over the page's own s-maxage.
      response.headers.set("cache-control", privateCacheControl(response.headers.get("cache-control")));
    }
    if (relayCookie) response.headers.append("set-cookie", relay.cookie(isHttpsRequest(header("x-forwarded-proto"), request.url), request.nextUrl.basePath));
    return response;
  };
}

/**
 * The decision applied to a request-header override the user's handler wrote: the
 * decision itself on its header, and the id on the `Cookie` header the handler chose,
 * wherever the decision rewrote the request's or the handler's leaves out the cookie id
 * the request came with. A header id (`x-millimetric-anonymous-id`) leaves the cookie as
 * it is, as it does without an override.
 */
function applyToOverride(forwarded: Headers, decision: VisitorDecision, cookieName: string): void {
  forwarded.set(FORWARDED_VISITOR_HEADER, forwardedVisitorValue(decision));
  const id = decision.anonymousId;
  if (id === undefined || decision.source === "header") return;
  const cookie = forwarded.get("cookie");
  if (decision.forwardedCookie !== undefined || getCookieValues(cookie, cookieName).join() !== id) forwarded.set("cookie", replaceCookie(cookie, cookieName, id));
}

/**
 * Next's request-header override (what `NextResponse.next({ request: { headers } })`
 * writes), straight from the request's headers: one write per header, no intermediate
 * `Headers`. Next drops every request header the list leaves out, so all of them go in.
 */
function writeRequestHeaders(out: Headers, copied: string[], cookie: string | null | undefined, visitor: string, url: string, clean: boolean): void {
  // A handler's response may carry stray encoded headers; our own fresh one has none.
  if (clean) for (const key of [...out.keys()]) if (key.startsWith(REQUEST_PREFIX)) out.delete(key);
  // None of these names is on the response (no override list, the stray ones deleted):
  // append, which skips set's lookup of an existing value.
  let names = "";
  for (let i = 0; i < copied.length; i += 2) {
    out.append(requestHeaderKey(copied[i]!), copied[i + 1]!);
    names += copied[i] + ",";
  }
  if (cookie != null) out.append(requestHeaderKey("cookie"), cookie), (names += "cookie,");
  out.append(VISITOR_KEY, visitor);
  out.append(URL_KEY, url);
  out.append(OVERRIDE, names + FORWARDED_VISITOR_HEADER + "," + REQUEST_URL_HEADER);
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

