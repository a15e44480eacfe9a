/**
 * What the server tells the browser in `window.__aid`: the id it used for this request
 * and whether it minted it just now (then an id the browser already has wins).
 */
export interface AidPayload {
  id: string;
  minted: boolean;
  /** Cookie name when it is not `aid`, so the browser rewrites the right cookie. */
  cookie?: string;
  /**
   * The cookie's `Domain` and `Path` when the server sets them: a cookie is identified by
   * name, domain and path, so the browser must write back with the same ones or it
   * creates a second `aid` cookie instead of replacing the first.
   */
  domain?: string;
  path?: string;
}
