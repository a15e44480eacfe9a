import type { AidCookieOptions, AidPayload } from "@millimetric/core";
import type { RequestId } from "./RequestId";

/**
 * What the root loader returns as `millimetric` and `<MillimetricScript aid>` takes. It
 * carries the cookie's identity (name, domain, path) so the browser writes the id back
 * under the same cookie instead of adding a second one.
 */
export function payloadOf(resolved: RequestId, cookie?: AidCookieOptions): AidPayload {
  const payload: AidPayload = { id: resolved.id, minted: resolved.minted };
  if (resolved.cookieName !== "aid") payload.cookie = resolved.cookieName;
  if (cookie?.domain) payload.domain = cookie.domain;
  if (cookie?.path && cookie.path !== "/") payload.path = cookie.path;
  return payload;
}
