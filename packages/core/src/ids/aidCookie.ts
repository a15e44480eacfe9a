/** The `aid` cookie's name and attributes; every field can be overridden. */
export interface AidCookieOptions {
  /**
   * Cookie name.
   * @default "aid"
   * @example { name: "__Host-aid" }
   */
  name?: string;
  /**
   * Cookie path.
   * @default "/"
   * @example { path: "/app" }
   */
  path?: string;
  /**
   * Lifetime in seconds.
   * @default 31536000 (one year)
   * @example { maxAge: 60 * 60 * 24 * 180 }
   */
  maxAge?: number;
  /**
   * SameSite attribute.
   * @default "Lax"
   * @example { sameSite: "Strict" }
   */
  sameSite?: "Lax" | "Strict" | "None";
  /**
   * Secure attribute. Adapters set it when the request came over https.
   * @default false here; `true` on https requests in every adapter
   * @example { secure: true }
   */
  secure?: boolean;
  /**
   * Domain attribute, to share the id across subdomains. Omitted by default (host-only).
   * @default undefined
   * @example { domain: "example.com" }
   */
  domain?: string;
}

/**
 * Defaults of the `aid` cookie contract: `Path=/; Max-Age=31536000; SameSite=Lax`,
 * not HttpOnly (the browser SDK must be able to mirror it), `Secure` on https.
 */
export const AID_COOKIE = {
  name: "aid",
  path: "/",
  maxAge: 31536000,
  sameSite: "Lax",
} as const satisfies AidCookieOptions;

/**
 * The `Set-Cookie` value (also valid for `document.cookie`) that stores `id` under the
 * `aid` contract. The id is not encoded: callers pass only ids that passed `isValidId`.
 *
 * @example
 * ```ts
 * serializeAidCookie("u_8f3c…", { secure: true })
 * // "aid=u_8f3c…; Path=/; Max-Age=31536000; SameSite=Lax; Secure"
 * ```
 */
export function serializeAidCookie(id: string, options: AidCookieOptions = {}): string {
  const { name = AID_COOKIE.name, path = AID_COOKIE.path, maxAge = AID_COOKIE.maxAge, sameSite = AID_COOKIE.sameSite, domain, secure } = options;
  // SameSite=None is only honoured with Secure.
  return `${name}=${id}; Path=${path}; Max-Age=${maxAge}; SameSite=${sameSite}${domain ? "; Domain=" + domain : ""}${secure || sameSite == "None" ? "; Secure" : ""}`;
}

/**
 * The default `aid` cookie with an empty value: what the browser SDK writes an id into
 * (after the first `=`) when no server told it otherwise, adding `; Secure` on https.
 */
export const AID_COOKIE_TEMPLATE = "aid=; Path=/; Max-Age=31536000; SameSite=Lax";

/**
 * The cookie the browser must write an id back into to replace the server's, as the
 * `cookie` field of `window.__aid`: `undefined` for the defaults (the browser knows them),
 * else the Set-Cookie string with an empty value. `Secure` is the browser's to add.
 *
 * @example
 * ```ts
 * aidCookieTemplate({ domain: "example.com" })
 * // "aid=; Path=/; Max-Age=31536000; SameSite=Lax; Domain=example.com"
 * ```
 */
export function aidCookieTemplate(options?: AidCookieOptions): string | undefined {
  const template = serializeAidCookie("", { ...options, secure: false });
  if (template != AID_COOKIE_TEMPLATE) return template;
}
