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
  let bad = eventNameError(event);
  if (bad) invalid("event", bad);
  if (properties != null && (bad = propertiesError(properties))) invalid("properties", bad);
  let p = extra ? { ...properties, ...context(), ...extra } : properties;
  // Our own $ context must never turn a valid call into an error (a crafted link could
  // otherwise make every track() throw): past the size limit it is left out.
  if (p !== properties && propertiesError(p) && (bad = propertiesError((p = { ...properties, ...(extra as object) })))) {
    invalid("properties", bad);
  }
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
