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
}
