import { ANONYMOUS_ID_HEADER } from "../ids/anonymousIdHeader";
import { serializeAidCookie } from "../ids/aidCookie";
import { serializeAidMintedCookie } from "../ids/aidMintedCookie";
import type { AidPayload } from "../script/AidPayload";
import { findAnonymousId } from "../ids/findAnonymousId";
import { getCookieValues } from "../ids/getCookieValues";
import { isHttpsRequest } from "../ids/isHttpsRequest";
import { isOptedOut } from "../consent/isOptedOut";
import { mintId } from "../ids/mintId";
import { pooledRandomHex } from "../ids/pooledRandomHex";
import { replaceCookie } from "../ids/replaceCookie";
import type { VisitorDecision, VisitorIdSource } from "./VisitorDecision";
import type { VisitorRequest } from "./VisitorRequest";
import { mayStartVisitor } from "./mayStartVisitor";
import { visitorPolicy, type VisitorPolicy } from "./visitorPolicy";

const NO_COOKIES: readonly string[] = Object.freeze([]);
// Made on first use: a module-level call would keep the whole decision in every bundle
// that imports anything from core (the browser SDK's budget).
let defaultPolicy: VisitorPolicy | undefined;

/**
 * The per-request visitor decision, once for every adapter (Clerk's `authenticateRequest`
 * is the model): consent first, then the id (header > cookie > minted; only valid ids
 * count), then whether the request may start a visitor at all (no webhook, probe,
 * preflight or cross-origin call ever gets an invented id), then the cookies to set and
 * the `Cookie` header to forward, and the context server events get. Pure: no framework,
 * no I/O; an adapter reads its framework's request into a {@link VisitorRequest} and
 * writes the result to its response.
 *
 * @param policy the app's options, checked once by {@link visitorPolicy}
 * @default policy visitorPolicy() — the `aid` cookie with its defaults, privacy signals honoured
 * @example
 * ```ts
 * const policy = visitorPolicy(options); // when the middleware is created
 * // per request
 * const decision = decideVisitor({ header: (name) => request.headers.get(name), method: request.method, url: request.url }, policy);
 * for (const value of decision.setCookies) response.headers.append("set-cookie", value);
 * ```
 */
export function decideVisitor(request: VisitorRequest, policy: VisitorPolicy = (defaultPolicy ??= visitorPolicy())): VisitorDecision {
  const { header } = request;
  // Consent first: an opted-out visitor gets no id, no cookie, and its events are dropped.
  if (isOptedOut(header, policy.ignorePrivacySignals)) return none(true);
  const cookieHeader = header("cookie");
  const cookies = getCookieValues(cookieHeader, policy.cookieName);
  const found = findAnonymousId({ header: header(ANONYMOUS_ID_HEADER) }, cookies);
  if (found) {
    // A header id is the page's own (it keeps its cookie itself): the cookie is left as it
    // is. A cookie id is rewritten only when other values (invalid, or duplicates from
    // another path or domain) came with it.
    const rewrite = found.source === "cookie" && cookies.length !== 1;
    return visitor(request, policy, found.id, found.source as "header" | "cookie", rewrite, cookieHeader);
  }
  if (request.mayMint === false || !mayStartVisitor(request)) return none(false);
  return visitor(request, policy, mintId(pooledRandomHex), "minted", true, cookieHeader);
}

function none(optedOut: boolean): VisitorDecision {
  return {
    anonymousId: undefined,
    source: undefined,
    minted: false,
    optedOut,
    setCookies: NO_COOKIES,
    forwardedCookie: undefined,
    payload: undefined,
    context: { anonymous_id: undefined, minted: false, opted_out: optedOut },
  };
}

function visitor(
  request: VisitorRequest,
  policy: VisitorPolicy,
  id: string,
  source: VisitorIdSource,
  writeCookie: boolean,
  cookieHeader: string | null | undefined,
): VisitorDecision {
  const minted = source === "minted";
  let setCookies = NO_COOKIES;
  let forwardedCookie: string | undefined;
  if (writeCookie) {
    const https = request.https ?? isHttpsRequest(request.header("x-forwarded-proto"), request.url ?? "");
    const attributes = https ? policy.secureCookie : policy.plainCookie;
    // Pages that render no window.__aid script learn "minted just now" from mm_minted.
    setCookies = minted ? [serializeAidCookie(id, attributes), serializeAidMintedCookie(id, attributes)] : [serializeAidCookie(id, attributes)];
    // Code further down this request (cookie parsers, sessions, server components) reads
    // the id the browser is about to store.
    forwardedCookie = cookieHeader ? replaceCookie(cookieHeader, policy.cookieName, id) : `${policy.cookieName}=${id}`;
  }
  const payload: AidPayload = { id, minted };
  if (policy.cookieTemplate) payload.cookie = policy.cookieTemplate;
  return { anonymousId: id, source, minted, optedOut: false, setCookies, forwardedCookie, payload, context: { anonymous_id: id, minted, opted_out: false } };
}
