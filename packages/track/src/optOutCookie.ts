import { OPT_OUT_COOKIE } from "@millimetric/core";

/**
 * Whether this page holds the opt-out cookie, read by core's rule (`isOptedOut`, through
 * `getCookieValues`): a `mm_optout` value that is `1` once unquoted and percent-decoded
 * (`1`, `%31`, `"1"`).
 */
export function hasOptOutCookie(): boolean {
  return OPT_OUT_PATTERN.test(document.cookie);
}

/**
 * Core's opt-out rule (`getCookieValues(cookie, "mm_optout").includes("1")`) for what
 * `document.cookie` can hold (`; `-separated pairs, names and values trimmed by the
 * browser): the value `1` or `%31`, bare or in double quotes, which is every value that
 * unquotes and decodes to `1`. A pattern, not core's parser (about 140 bytes more), for
 * the size budget: init tests it on every page (inline: fewer bytes than a call);
 * contract.property.test.ts holds it to core's `isOptedOut` on generated cookie jars.
 */
export const OPT_OUT_PATTERN = /(^|; )mm_optout=("?)(%3)?1\2(;|$)/;

/**
 * Writes (`true`) or clears the opt-out cookie every server adapter reads (core's
 * `isOptedOut`): `Path=/`, one year, not HttpOnly. On https it is `SameSite=None; Secure`,
 * so that a page of this site that another site frames still reads it, and sends it to
 * the server, wherever the browser allows third-party cookies (`Lax` kept it from both: the
 * frame tracked under a fresh id). The value is the same `1` for everyone: sending it
 * cross-site tells no one anything about the visitor. On http (local development)
 * browsers refuse `SameSite=None` without `Secure`: `Lax` there.
 */
export function writeOptOutCookie(optedOut: boolean): void {
  document.cookie =
    OPT_OUT_COOKIE + (optedOut ? "=1; Max-Age=31536000" : "=; Max-Age=0") + "; Path=/; SameSite=" + (location.protocol == "https:" ? "None; Secure" : "Lax");
}
