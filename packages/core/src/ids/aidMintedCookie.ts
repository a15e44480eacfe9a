import { AID_COOKIE, type AidCookieOptions } from "./aidCookie";

/**
 * The companion cookie a server sets beside `aid` when it minted the id on this very
 * request: `mm_minted=<the same id>`. Pages that carry no `window.__aid` script (static
 * pages, the Pages Router, a cached shell) still tell the browser the second fact of the
 * id contract this way, without HTML: an `aid` cookie whose id equals `mm_minted` was
 * minted just now and loses to an id the browser already stored.
 *
 * It lives five minutes: long enough for a slow first page load, and harmless after, since
 * it only ever matches the id it was minted with (once the browser has settled on an id,
 * either it is that id, stored, or the browser wrote its own id into `aid`).
 */
export const AID_MINTED_COOKIE = { name: "mm_minted", maxAge: 300 } as const;

/**
 * The `Set-Cookie` value of the companion cookie for a freshly minted `id`, with the same
 * path, domain, SameSite and Secure as the `aid` cookie so the browser sees both together.
 *
 * @example
 * ```ts
 * serializeAidMintedCookie("u_8f3c…")
 * // "mm_minted=u_8f3c…; Path=/; Max-Age=300; SameSite=Lax"
 * ```
 */
export function serializeAidMintedCookie(id: string, options: AidCookieOptions = {}): string {
  const { path = AID_COOKIE.path, sameSite = AID_COOKIE.sameSite, domain, secure } = options;
  return `${AID_MINTED_COOKIE.name}=${id}; Path=${path}; Max-Age=${AID_MINTED_COOKIE.maxAge}; SameSite=${sameSite}${domain ? "; Domain=" + domain : ""}${secure || sameSite == "None" ? "; Secure" : ""}`;
}
