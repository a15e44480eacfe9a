import type { VisitorOptions } from "@millimetric/core";

/**
 * The visitor options every server adapter takes, under these names, documented once:
 * `cookie` and `ignorePrivacySignals` (core's {@link VisitorOptions}), and the two that
 * read the framework's request, `getUserId` and `isVisitorRequest`.
 *
 * @typeParam Req the framework's request (Express `req`, Fastify `request`, a Web `Request`)
 * @typeParam Extra what else the framework hands the callbacks (Remix's load context)
 */
export interface AdapterVisitorOptions<Req, Extra extends unknown[] = []> extends VisitorOptions {
  /**
   * Resolves the signed-in user's id for events of this request. Called lazily, on the
   * first `track()` that needs it, and at most once per request once it returns an id. One
   * that throws costs the event its `user_id`, never the request (reported once).
   * @default undefined (events carry no user_id unless you pass one)
   * @example { getUserId: (req) => req.user?.id }
   */
  getUserId?: (request: Req, ...extra: Extra) => string | number | null | undefined;
  /**
   * Whether a request that carries no valid id of its own (no `aid` cookie, no
   * `x-millimetric-anonymous-id` header) may start a visitor: get a freshly minted id and
   * the `Set-Cookie`. Anything else — a Stripe webhook, a health check, a cron job — gets
   * no id and no cookie, and its events carry only `user_id` and what you pass, instead of
   * a phantom visitor's id. A request that already carries a valid id keeps it whatever
   * this says; a CORS preflight, a fetch from another site that is not a navigation (it
   * sends its id in the header instead) and an opted-out visitor never get one. The
   * default is core's browser signal: a `Sec-Fetch-Site` or `Sec-Fetch-Dest` header (every
   * current browser sends them), or `text/html` in `Accept` (every navigation). A function
   * that throws counts as "no", reported once.
   * @default core's browser-signal rule (`isBrowserRequest`)
   * @example { isVisitorRequest: (req) => !req.url.includes("/webhooks/") }
   * @example { isVisitorRequest: () => true } // every same-site request may start a visitor
   */
  isVisitorRequest?: (request: Req) => boolean;
}
