import { OPT_OUT_COOKIE } from "@millimetric/core";

/** Whether this page holds the opt-out cookie, core's `OPT_OUT_COOKIE` set to `1` (`mm_optout=1`). */
export function hasOptOutCookie(): boolean {
  return OPT_OUT_PATTERN.test(document.cookie);
}

/**
 * `mm_optout=1` as one cookie of `document.cookie`. The name is spelled out, not built from
 * core's `OPT_OUT_COOKIE`, because init tests it on every page and a literal pattern is the
 * fewest bytes (init tests it inline: fewer than a call); consent.test.ts holds it to
 * core's constant and to core's `isOptedOut`.
 */
export const OPT_OUT_PATTERN = /(^|; )mm_optout=1(;|$)/;

/**
 * Writes (`true`) or clears the opt-out cookie: first-party, `Path=/`, one year,
 * `SameSite=Lax`, `Secure` on https; not HttpOnly, so every server adapter reads the same
 * choice from the request (core's `isOptedOut`).
 */
export function writeOptOutCookie(optedOut: boolean): void {
  document.cookie =
    OPT_OUT_COOKIE + (optedOut ? "=1; Max-Age=31536000" : "=; Max-Age=0") + "; Path=/; SameSite=Lax" + (location.protocol == "https:" ? "; Secure" : "");
}
