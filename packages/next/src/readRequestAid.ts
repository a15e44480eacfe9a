import { ANONYMOUS_ID_HEADER, findAnonymousId } from "@millimetric/core";
import { AID_MINTED_HEADER } from "./aidMintedHeader";

/** The visitor id a request carries, as `withMillimetric()` forwarded it. */
export interface RequestAid {
  id: string;
  /** True when the proxy minted the id on this very request. */
  minted: boolean;
}

/**
 * The request's anonymous id under the id contract (header > cookie; invalid values
 * ignored), or `undefined` when it has none, i.e. the request did not pass through
 * `withMillimetric()` and the browser had no cookie.
 */
export function readRequestAid(headers: Headers, cookieName?: string): RequestAid | undefined {
  const aid = findAnonymousId({ header: headers.get(ANONYMOUS_ID_HEADER), cookieHeader: headers.get("cookie"), cookieName });
  return aid && { id: aid.id, minted: headers.get(AID_MINTED_HEADER) === "1" };
}
