import { AID_COOKIE } from "./aidCookie";
import type { AidPayload } from "../script/AidPayload";
import { AID_MINTED_COOKIE } from "./aidMintedCookie";
import { getCookieValues } from "./getCookieValues";
import { isValidId } from "./isValidId";

/**
 * What the server's cookies tell the browser when the page has no `window.__aid`: the id
 * of the first valid `aid` cookie, minted on this very request when the `mm_minted`
 * companion holds the same id. Feed the result to {@link reconcileAnonymousId} like a
 * `window.__aid` payload. `undefined` when there is no valid `aid` cookie.
 *
 * The browser SDK applies this rule in its own compact code (the size budget); a
 * property test holds the two equal.
 *
 * @example
 * ```ts
 * aidFromCookies("aid=u_1; mm_minted=u_1") // { id: "u_1", minted: true }
 * aidFromCookies("aid=u_1; mm_minted=u_0") // { id: "u_1", minted: false }
 * ```
 */
export function aidFromCookies(cookieHeader: string | null | undefined, cookieName: string = AID_COOKIE.name): AidPayload | undefined {
  const id = getCookieValues(cookieHeader, cookieName).find(isValidId);
  if (id) return { id, minted: getCookieValues(cookieHeader, AID_MINTED_COOKIE.name).includes(id) };
}
