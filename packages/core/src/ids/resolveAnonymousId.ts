import { AID_COOKIE } from "./aidCookie";
import { getCookieValues } from "./getCookieValues";
import { findAnonymousId } from "./findAnonymousId";
import { mintId } from "./mintId";
import { pooledRandomHex } from "./pooledRandomHex";

/** Where a request's anonymous id was found. */
export type AnonymousIdSource = "explicit" | "header" | "cookie" | "minted";

/** The id a request runs under, and whether the response must (re)write the cookie. */
export interface ResolvedAnonymousId {
  /** Always valid (`isValidId`). */
  id: string;
  /** True when the id was minted for this request (the browser may still prefer its own). */
  minted: boolean;
  source: AnonymousIdSource;
  /**
   * True when the cookie does not already hold exactly this id: missing, invalid,
   * duplicated, or different from a header/explicit id.
   */
  setCookie: boolean;
}

/** Inputs of {@link resolveAnonymousId}: whatever the framework has at hand. */
export interface ResolveAnonymousIdInput {
  /** An id the app passes explicitly; wins when valid. */
  explicit?: string | null;
  /** Value of the `x-millimetric-anonymous-id` request header. */
  header?: string | null;
  /** The raw `Cookie` request header. */
  cookieHeader?: string | null;
  /**
   * Name of the id cookie.
   * @default "aid"
   */
  cookieName?: string;
}

/**
 * The id contract in one function. Precedence: explicit > header > cookie > minted;
 * only values matching `^[A-Za-z0-9_-]{1,128}$` count, anything else is discarded.
 * With several cookies of that name (e.g. one per path or domain) the first valid one
 * is kept and the cookie is rewritten.
 *
 * @example
 * ```ts
 * const aid = resolveAnonymousId({ cookieHeader: req.headers.cookie });
 * if (aid.setCookie) res.append("Set-Cookie", serializeAidCookie(aid.id));
 * ```
 */
export function resolveAnonymousId(input: ResolveAnonymousIdInput): ResolvedAnonymousId {
  const cookies = getCookieValues(input.cookieHeader, input.cookieName ?? AID_COOKIE.name);
  const { id, source } = findAnonymousId(input, cookies) ?? { id: mintId(pooledRandomHex), source: "minted" as const };
  return { id, minted: source === "minted", source, setCookie: cookies.length !== 1 || cookies[0] !== id };
}
