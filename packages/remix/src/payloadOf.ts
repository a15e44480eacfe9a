import { aidCookieTemplate, type AidCookieOptions, type AidPayload } from "@millimetric/core";
import type { RequestId } from "./RequestId";

/**
 * What the root loader returns as `millimetric` and `<MillimetricScript aid>` takes. When
 * the cookie is not the default one it carries how the server sets it, so the browser
 * writes the id back into that same cookie instead of adding a second one. `null` for a
 * request without an id (no visitor's: see `isVisitorRequest`).
 */
export function payloadOf(resolved: RequestId, cookie?: AidCookieOptions): AidPayload | null {
  if (!resolved.id) return null;
  const payload: AidPayload = { id: resolved.id, minted: resolved.minted };
  const template = aidCookieTemplate(cookie);
  if (template) payload.cookie = template;
  return payload;
}
