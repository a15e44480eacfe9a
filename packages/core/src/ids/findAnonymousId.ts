import { AID_COOKIE } from "./aidCookie";
import { getCookieValues } from "./getCookieValues";
import { isValidId } from "./isValidId";
import type { AnonymousIdSource, ResolveAnonymousIdInput } from "./resolveAnonymousId";

/** An id a request already carries, and where it was found. */
export interface FoundAnonymousId {
  id: string;
  source: Exclude<AnonymousIdSource, "minted">;
}

/**
 * The id a request already carries, by the contract's precedence (explicit > header >
 * cookie; only valid ids count), or `undefined`: {@link resolveAnonymousId} without the
 * minting, for code that must not invent an id (a server component reading the request).
 *
 * @param cookies The values of the id cookie when the caller has parsed them already.
 * @example
 * ```ts
 * findAnonymousId({ cookieHeader: "aid=u_1; theme=dark" }) // { id: "u_1", source: "cookie" }
 * findAnonymousId({ cookieHeader: "aid=</script>" }) // undefined
 * ```
 */
export function findAnonymousId(
  input: ResolveAnonymousIdInput,
  cookies: string[] = getCookieValues(input.cookieHeader, input.cookieName ?? AID_COOKIE.name),
): FoundAnonymousId | undefined {
  if (isValidId(input.explicit)) return { id: input.explicit, source: "explicit" };
  if (isValidId(input.header)) return { id: input.header, source: "header" };
  const id = cookies.find(isValidId);
  if (id) return { id, source: "cookie" };
}
