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
}
