import type { AidCookieOptions } from "@millimetric/core";
import type { ClientOptions, MillimetricClient } from "@millimetric/track-node";

/** Options of `configureMillimetric()`; every `@millimetric/track-node` client option applies. */
export interface MillimetricServerOptions extends ClientOptions {
  /**
   * Resolves the signed-in user's id; called for events that carry no `user_id`.
   * @default undefined (events carry only the ids you pass and the visitor's anonymous id)
   * @example configureMillimetric({ getUserId: async () => (await auth())?.user?.id })
   */
  getUserId?: () => string | null | undefined | Promise<string | null | undefined>;
  /**
   * A client you created yourself (then the key, host and delivery options here are unused).
   * @default a client from MILLIMETRIC_SECRET_KEY and MILLIMETRIC_HOST, created on first use
   * @example configureMillimetric({ client: new MillimetricClient({ flushAt: 20 }) })
   */
  client?: MillimetricClient;
  /**
   * The id cookie, when you changed it in `withMillimetric({ cookie })`: pass the same
   * object. Only its `name` is read here, for requests the proxy did not handle (behind
   * `withMillimetric()` the helpers read the proxy's decision); the other attributes are
   * checked like the proxy's, so a bad value throws `invalid_config` naming the option.
   * @default { name: "aid" }
   * @example configureMillimetric({ cookie: { name: "mm_aid", domain: "example.com" } }) // the object given to withMillimetric({ cookie })
   */
  cookie?: AidCookieOptions;
  /**
   * Name of the id cookie.
   * @deprecated Pass `cookie: { name }` (the same object as `withMillimetric({ cookie })`); `cookie` wins when both are given.
   * @default "aid"
   * @example configureMillimetric({ cookieName: "__mm_aid" })
   */
  cookieName?: string;
  /**
   * Turn off Global Privacy Control (`Sec-GPC: 1`) for requests the proxy did not handle.
   * Behind `withMillimetric()` the helpers follow the proxy's decision, consent included:
   * give the proxy the same value, `withMillimetric({ ignorePrivacySignals })`. By default
   * a request carrying `Sec-GPC: 1` or the `mm_optout=1` cookie (written by the browser
   * SDK's `optOut()`) is honoured: `track()`/`identify()` in that request send nothing
   * (they return `undefined`; with `debug` the client logs the drop) and `getAnonymousId()`
   * returns `undefined`. Set it only when consent is settled another way: it turns off
   * Global Privacy Control, never the visitor's own `mm_optout=1` (only `optIn()` clears
   * that); the browser SDK's option has the same name. Events that are not about the
   * visitor (a webhook's, with only a `user_id`) are the app's call: send them with an
   * explicit context, `client.track(event, {})`.
   * @default false
   * @example configureMillimetric({ ignorePrivacySignals: true }) // consent is settled by your own banner
   */
  ignorePrivacySignals?: boolean;
}
