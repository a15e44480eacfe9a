import type { AidCookieOptions } from "@millimetric/core";

/** Props of {@link MillimetricScript}; kept so existing layouts still compile. */
export interface MillimetricScriptProps {
  /**
   * Unused: the component renders no script.
   * @default undefined
   * @example <MillimetricScript nonce={nonce} />
   */
  nonce?: string;
  /**
   * Unused: pass a renamed cookie to `<MillimetricProvider cookie={{ name }}>`.
   * @default "aid"
   * @example <MillimetricScript cookieName="__mm_aid" />
   */
  cookieName?: string;
  /**
   * Unused: pass changed cookie options to `<MillimetricProvider cookie={…}>`.
   * @default the `aid` defaults
   * @example <MillimetricScript cookie={{ domain: "example.com" }} />
   */
  cookie?: Omit<AidCookieOptions, "secure">;
}

/**
 * Renders nothing, and reads no request data, so a layout that still has it stays
 * static. It used to render `window.__aid` from the request headers, which made every
 * route dynamic (and broke `cacheComponents` builds). The browser now reads the visitor's
 * id from the `aid` cookie `withMillimetric()` sets (with the `mm_minted` companion when it
 * minted the id on this request), on static and dynamic pages alike. Remove it from your
 * layout at your convenience.
 *
 * @deprecated Not needed: `<MillimetricProvider>` reads the id from the `aid` cookie.
 * @example
 * ```tsx
 * // before
 * <head><MillimetricScript /></head>
 * // now: nothing in <head>
 * ```
 */
export function MillimetricScript(_props: MillimetricScriptProps): null {
  return null;
}
