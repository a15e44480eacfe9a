import type { AidPayload } from "@millimetric/core";
import type { RequestId } from "./RequestId";

/** What the root loader returns as `millimetric` and `<MillimetricScript aid>` takes. */
export function payloadOf(resolved: RequestId): AidPayload {
  const payload: AidPayload = { id: resolved.id, minted: resolved.minted };
  if (resolved.cookieName !== "aid") payload.cookie = resolved.cookieName;
  return payload;
}
