import type { EventInput } from "@millimetric/core";
import { BINDINGS, SOURCE, type FetchContext } from "./contextKeys";
import { kit } from "./kit";
import { getContext } from "./requestContext";

/**
 * Validates and queues an event; inside a request handled by `withMillimetric()` it
 * carries that request's `anonymous_id` (and `user_id` from `getUserId`) unless you set
 * them, after any `await`. A request that is no visitor's (a webhook: no `aid` cookie, no
 * browser signal) has no `anonymous_id`, so its events carry only the `user_id` and what
 * you pass. Returns the `event_id` (`undefined` when nothing was queued, e.g. without a key in production).
 *
 * Outside such a request and without ids it throws in development (wrap the handler, use
 * `millimetricOf(request).track()`, or pass ids); in production it logs once and sends
 * the event anyway. Where the runtime has no AsyncLocalStorage (Workers without
 * `nodejs_compat`) it never sees the request: use `millimetricOf(request).track()` there.
 *
 * @throws TypeError naming the field and the rule when the event is invalid.
 * @example
 * ```ts
 * app.post("/checkout", async (c) => {
 *   const order = await placeOrder(await c.req.json());
 *   track({ event: "purchase", properties: { amount_cents: order.total } });
 *   return c.json(order);
 * });
 * ```
 */
export function track(event: EventInput): string | undefined {
  const context = getContext() as FetchContext | undefined;
  return kit.track(event, context, context?.[SOURCE], context?.[BINDINGS]);
}
