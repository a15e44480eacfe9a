import { getCookieValues } from "./getCookieValues";
import type { HeaderReader } from "./isBrowserRequest";
import { OPT_OUT_COOKIE } from "./optOutCookie";

/**
 * The consent rule every adapter honours: a request is opted out when it carries Global
 * Privacy Control (`Sec-GPC: 1`) or the first-party `mm_optout=1` cookie. For such a
 * request an adapter mints no id, sets no cookie, and server `track()`/`identify()` send
 * nothing. An app that has the visitor's consent another way passes
 * `ignorePrivacySignals: true` and never calls this.
 *
 * @example
 * ```ts
 * isOptedOut((name) => request.headers.get(name)) // Sec-GPC: 1 → true
 * isOptedOut((name) => req.headers[name] as string | undefined)
 * ```
 */
export function isOptedOut(header: HeaderReader): boolean {
  if (header("sec-gpc")?.trim() === "1") return true;
  const cookies = header("cookie");
  // The cheap test first: most requests carry no opt-out cookie at all.
  return !!cookies?.includes(OPT_OUT_COOKIE) && getCookieValues(cookies, OPT_OUT_COOKIE).includes("1");
}
