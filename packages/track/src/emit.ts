import { eventNameError, invalid, propertiesError, randomHex } from "@millimetric/core";
import { context } from "./context";
import { A, U } from "./identity";
import { S } from "./init";
import { push } from "./queue";

/**
 * Validates, stamps and queues one event. `extra` are our own `$` properties (they win
 * over the caller's); `0` leaves the caller's properties alone (`$identify` traits).
 * Only the name and properties come from the caller, so only core's rules for those
 * two are bundled: the SDK fills every other field itself, within the protocol's limits.
 */
export function emit(event: string, properties?: Record<string, unknown>, extra: Record<string, unknown> | 0 = {}, user_id = U) {
  if (!S) return;
  const p = extra ? { ...properties, ...context(), ...extra } : properties;
  const error = eventNameError(event);
  if (error) invalid("event", error);
  // The caller's value first (names a wrong type), then what we send (names the size).
  const bad = (properties != null && propertiesError(properties)) || (p && propertiesError(p));
  if (bad) invalid("properties", bad);
  push({
    event,
    event_id: randomHex(16),
    timestamp: new Date().toISOString(),
    anonymous_id: A,
    user_id,
    url: location.href.slice(0, 2048),
    path: location.pathname.slice(0, 2048),
    referrer: document.referrer.slice(0, 2048),
    properties: p,
  });
}
