import type { EventInput } from "@millimetric/core";
import { getClient } from "./defaultClient";
import type { MillimetricContext } from "./MillimetricContext";

/**
 * Validates and queues an event on the default client (see
 * {@link MillimetricClient.track}); returns its `event_id`, or `undefined` when nothing
 * was queued (the visitor opted out, `beforeSend` dropped it, the client was shut down).
 *
 * @param context The ids to fill from instead of the current request context. Default:
 *   the current request context. `{}` reads nothing from the request: an event that is
 *   not about the visitor is sent even from an opted-out request.
 * @example
 * ```ts
 * track({ event: "signup", anonymous_id: req.cookies.aid, user_id: user.id });
 * track({ event: "invoice_paid", user_id: invoice.userId }, {}); // from a webhook, whoever called it
 * ```
 */
export function track(event: EventInput, context?: MillimetricContext): string | undefined {
  // An undefined context takes the client's default: the current request's.
  return getClient().track(event, context);
}
