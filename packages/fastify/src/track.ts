import type { EventInput } from "@millimetric/core";
import { getContext } from "@millimetric/track-node/context";
import { SOURCE, type FastifyContext } from "./contextKeys";
import { kit } from "./kit";

/**
 * Validates and queues an event; inside a request handled by the plugin it carries that
 * request's `anonymous_id` (and `user_id` from `getUserId`) unless you set them — in the
 * route handler and in every hook after its `onRequest`, after any `await`. A request that
 * is no visitor's (a webhook: no `aid` cookie, no browser signal) has no `anonymous_id`,
 * so its events carry only the `user_id` and what you pass. Returns the `event_id` (`undefined` when nothing was queued, e.g. without a key in production).
 *
 * Outside such a request and without ids it throws in development (register the plugin
 * or pass ids); in production it logs once and sends the event anyway.
 *
 * @throws TypeError naming the field and the rule when the event is invalid.
 * @example
 * ```ts
 * app.post("/checkout", async (request) => {
 *   const order = await placeOrder(request.body);
 *   track({ event: "purchase", properties: { amount_cents: order.total } });
 *   return order;
 * });
 * ```
 */
export function track(event: EventInput): string | undefined {
  const context = getContext() as FastifyContext | undefined;
  return kit.track(event, context, context?.[SOURCE]);
}
