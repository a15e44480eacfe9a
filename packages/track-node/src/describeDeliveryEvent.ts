import type { DeliveryEvent } from "@millimetric/core";

/**
 * The `debug` line of a delivery result, prefixed `[millimetric]`: what happened to how
 * many events, with the status and, for a retry, the wait.
 *
 * @example describeDeliveryEvent({ type: "retry", count: 1000, waitMs: 1000, attempt: 1, status: 429 })
 * // "[millimetric] retry: 1000 event(s) again in 1000 ms (attempt 1, after HTTP 429)"
 */
export function describeDeliveryEvent(event: DeliveryEvent): string {
  switch (event.type) {
    case "delivered":
      return `[millimetric] delivered ${event.count} event(s) (HTTP ${event.status})`;
    case "retry":
      return `[millimetric] retry: ${event.count} event(s) again in ${Math.round(event.waitMs)} ms (attempt ${event.attempt}, after ${event.status ? `HTTP ${event.status}` : "no answer"})`;
    case "dropped":
      return `[millimetric] dropped ${event.count} event(s): ${event.reason}${event.status ? ` (HTTP ${event.status})` : ""}`;
  }
}
