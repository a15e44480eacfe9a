import { getCookieValues } from "../ids/getCookieValues";
import type { HeaderReader } from "../ids/isBrowserRequest";
import { OPT_OUT_COOKIE } from "./optOutCookie";

/**
 * The consent rule every adapter and the browser SDK honour: a visitor is opted out when
 * the request carries the first-party `mm_optout=1` cookie (the visitor's own choice: the
 * browser's `optOut()`, or your server setting it) — always — or Global Privacy Control
 * (`Sec-GPC: 1`), unless `ignorePrivacySignals` (the app has the visitor's consent another
 * way; it turns off the browser-wide signal, never the visitor's own opt-out). For such a
 * request an adapter mints no id, sets no cookie, and server `track()`/`identify()` send
 * nothing.
 *
 * @example
 * ```ts
 * isOptedOut((name) => request.headers.get(name)) // Sec-GPC: 1 → true
 * isOptedOut((name) => req.headers[name] as string | undefined, true) // only mm_optout=1 counts
 * ```
 */
export function isOptedOut(header: HeaderReader, ignorePrivacySignals?: boolean): boolean {
  if (!ignorePrivacySignals && header("sec-gpc")?.trim() === "1") return true;
  const cookies = header("cookie");
  // The cheap test first: most requests carry no opt-out cookie at all.
  return !!cookies?.includes(OPT_OUT_COOKIE) && getCookieValues(cookies, OPT_OUT_COOKIE).includes("1");
}
