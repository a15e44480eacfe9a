/** The id a request runs under, as resolved once and shared by its loaders and actions. */
export interface RequestId {
  /** Valid anonymous id. */
  id: string;
  /** Minted for this request. */
  minted: boolean;
  /** Cookie name (for `window.__aid.cookie` when it is not `aid`). */
  cookieName: string;
  /** The `Set-Cookie` value to send, or `undefined` when the cookie already holds the id. */
  setCookie: string | undefined;
  /** Lazy user id of the request, when `getUserId` was given. */
  userId: (() => string | undefined) | undefined;
  /**
   * The raw `Cookie` and `x-millimetric-anonymous-id` headers it was resolved from
   * (`null` when absent). A cached resolution is reused only for a request sending exactly
   * these, so one visitor's id is never handed to another through a shared object.
   */
  from: { cookie: string | null; header: string | null };
}
