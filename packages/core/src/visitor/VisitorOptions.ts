import type { AidCookieOptions } from "../ids/aidCookie";

/**
 * What an app may choose about its visitors. Every adapter takes these same fields under
 * these same names (they are spread into each adapter's options).
 */
export interface VisitorOptions {
  /**
   * Name and attributes of the `aid` cookie. `secure` defaults to whether the request
   * came over https. Values are checked when the adapter is created: a `;`, `=`, a
   * control character or an impossible value throws a `MillimetricTypeError`
   * (`invalid_config`) naming the option.
   * @default { name: "aid", path: "/", maxAge: 31536000, sameSite: "Lax" }
   * @example { cookie: { domain: "example.com" } } // one id across app.example.com and www.example.com
   */
  cookie?: AidCookieOptions;
  /**
   * Turn off the browser-wide privacy signal (`Sec-GPC: 1`) when you have the visitor's
   * consent another way. The visitor's own opt-out (the `mm_optout=1` cookie the browser
   * SDK's `optOut()` writes) is honoured whatever this says.
   * @default false
   * @example { ignorePrivacySignals: true } // consent comes from your own banner
   */
  ignorePrivacySignals?: boolean;
}
