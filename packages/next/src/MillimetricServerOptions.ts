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
   * Name of the id cookie, when you renamed it in `withMillimetric({ cookie: { name } })`.
   * @default "aid"
   * @example configureMillimetric({ cookieName: "__mm_aid" })
   */
  cookieName?: string;
  /**
   * Mint, set the cookie and send even under Global Privacy Control. By default a request
   * carrying Global Privacy Control (`Sec-GPC: 1`) or the `mm_optout=1` cookie (written by
   * the browser SDK's `optOut()`) is honoured: no id is minted, no `aid` cookie is set, and
   * `track()`/`identify()` in that request send nothing (they return `undefined`; with
   * `debug` the client logs the drop). Set it only when consent is settled another way: it
   * turns off Global Privacy Control, never the visitor's own `mm_optout=1` (only `optIn()`
   * clears that);
   * the browser SDK's option has the same name. Events that are not about the visitor (a
   * webhook's, with only a `user_id`) are the app's call: send them with an explicit
   * context, `client.track(event, {})`.
   * @default false
   * @example configureMillimetric({ ignorePrivacySignals: true }) // consent is settled by your own banner
   */
  ignorePrivacySignals?: boolean;
}
