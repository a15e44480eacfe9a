/**
 * What the server tells the browser in `window.__aid`: the id it used for this request
 * and whether it minted it just now (then an id the browser already has wins).
 */
export interface AidPayload {
  id: string;
  minted: boolean;
  /**
   * How the server sets its cookie when not with the defaults: the Set-Cookie string
   * with an empty value (see `aidCookieTemplate`). A cookie is identified by name, domain
   * and path, so the browser writes the id back with exactly these, or it would add a
   * second `aid` cookie instead of replacing the first.
   * @default "aid=; Path=/; Max-Age=31536000; SameSite=Lax" (`AID_COOKIE_TEMPLATE`)
   * @example { id: "u_8f3c…", minted: true, cookie: "aid=; Path=/; Max-Age=31536000; SameSite=Lax; Domain=example.com" }
   */
  cookie?: string;
}
