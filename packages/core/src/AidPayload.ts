/**
 * What the server tells the browser in `window.__aid`: the id it used for this request
 * and whether it minted it just now (then an id the browser already has wins).
 */
export interface AidPayload {
  id: string;
  minted: boolean;
  /** Cookie name when it is not `aid`, so the browser rewrites the right cookie. */
  cookie?: string;
}
