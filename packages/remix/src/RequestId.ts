import type { EnteredRequest } from "@millimetric/fetch";

/** The id a request runs under, as resolved once and shared by its loaders and actions. */
export interface RequestId {
  /**
   * Valid anonymous id; `undefined` for a request that carries none and is no visitor's
   * (no browser signal: a webhook, a health check), which gets no id and no cookie.
   */
  id: string | undefined;
  /** Minted for this request. */
  minted: boolean;
  /** The visitor opted out (Sec-GPC or mm_optout): no id, no cookie, events dropped. */
  optedOut?: boolean;
  /** Cookie name (for `window.__aid.cookie` when it is not `aid`). */
  cookieName: string;
  /** The `Set-Cookie` values to send (`aid`, and `mm_minted` when minted); none when the cookie already holds the id. */
  setCookies: readonly string[];
  /** Lazy user id of the request, when `getUserId` was given. */
  userId: (() => string | undefined) | undefined;
  /**
   * The raw `Cookie` and `x-millimetric-anonymous-id` headers it was resolved from
   * (`null` when absent). A cached resolution is reused only for a request sending exactly
   * these, so one visitor's id is never handed to another through a shared object.
   */
  from: { cookie: string | null; header: string | null };
  /** The `@millimetric/fetch` scope entry that resolved it here (none when adopted from a wrapper in front). */
  entered?: EnteredRequest;
}
