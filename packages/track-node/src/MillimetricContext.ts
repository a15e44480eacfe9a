/**
 * The ids of the request being handled. Adapters put one in place for each request so
 * `track()` can fill what the event leaves out.
 */
export interface MillimetricContext {
  /** The visitor's anonymous id (from the `aid` cookie, a header or freshly minted). */
  anonymous_id?: string;
  /**
   * True when the adapter that owns the cookie minted `anonymous_id` on this very request,
   * so another adapter handing it to the browser says so (then an id the browser already
   * has wins).
   */
  minted?: boolean;
  /** The signed-in user's id, or a function resolving it lazily on first use. */
  user_id?: string | (() => string | null | undefined);
  /**
   * Adapters may keep their own per-request state under symbol keys (which client the
   * middleware chose, how the id was resolved); nested scopes inherit it.
   */
  [adapterState: symbol]: unknown;
}
