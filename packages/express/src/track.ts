import type { EventInput } from "@millimetric/core";
import { getContext } from "@millimetric/track-node/context";
import { SOURCE, type ExpressContext } from "./contextKeys";
import { kit } from "./kit";

/**
 * Validates and queues an event; inside a request handled by `millimetric()` it carries
 * that request's `anonymous_id` (and `user_id` from `getUserId`) unless you set them.
 * A request that is no visitor's (a webhook: no `aid` cookie, no browser signal) has no
 * `anonymous_id`, so its events carry only the `user_id` and whatever you pass.
 * Returns the `event_id` (`undefined` when nothing was queued, e.g. without a key in production).
 *
 * Outside such a request and without ids it throws in development (add the middleware
 * or pass ids); in production it logs once and sends the event anyway. In development it
 * warns once when it takes its ids from a request that has already finished: see the
 * README on callbacks registered in one request and run from another.
 *
 * @throws TypeError naming the field and the rule when the event is invalid.
 * @example
 * ```ts
 * app.post("/checkout", async (req, res) => {
 *   const order = await placeOrder(req.body);
 *   track({ event: "purchase", properties: { amount_cents: order.total } });
 *   res.json(order);
 * });
 * ```
 */
export function track(event: EventInput): string | undefined {
  const context = getContext() as ExpressContext | undefined;
  return kit.track(event, context, context?.[SOURCE]);
}
