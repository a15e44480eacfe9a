import type { EventInput } from "@millimetric/core";
import { getClient } from "./defaultClient";

/**
 * Validates and queues an event on the default client; returns its `event_id`.
 *
 * @example
 * ```ts
 * track({ event: "signup", anonymous_id: req.cookies.aid, user_id: user.id });
 * ```
 */
export function track(event: EventInput): string {
  return getClient().track(event);
}
