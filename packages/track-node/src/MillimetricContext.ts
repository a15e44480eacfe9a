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
   * The visitor opted out: the request carries `Sec-GPC: 1` or the `mm_optout=1` cookie
   * (core's `isOptedOut`), and the app did not turn privacy signals off. Set by adapters.
   * While it is true, `track()` and `identify()` with this context queue nothing: they
   * return `undefined`, a `dropped` delivery event says `opted_out`, and `debug` logs it.
   * An event that is not about the visitor (a webhook's, with only a `user_id`) is sent by
   * passing an explicit context, which the request's is not read for:
   * `client.track(event, {})`.
   * @default undefined (not opted out)
   * @example runWithContext({ opted_out: isOptedOut((name) => req.headers[name] as string | undefined) }, next)
   */
  opted_out?: boolean;
  /**
   * Adapters may keep their own per-request state under symbol keys (which client the
   * middleware chose, how the id was resolved); nested scopes inherit it.
   */
  [adapterState: symbol]: unknown;
}
