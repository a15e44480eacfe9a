import { fitsProperties, isEventName, randomHex } from "@millimetric/core/internal";
import { anonymousId, userId } from "./identity";
import { enqueue } from "./queue";
import { rejectCall } from "./rejectCall";
import { sendingAllowed } from "./state";

/** Whether `properties` is absent or a JSON object of at most 8 KB (the protocol's rule); when not, the call is rejected (rejectCall). */
export function checkProperties(properties?: object): boolean | void {
  return properties == null || fitsProperties(properties) || rejectCall("properties", properties);
}

/**
 * Validates, stamps and queues one event. `traitsOnly` sends the caller's properties alone
 * (`$identify` traits describe the user, not this page view); otherwise our `$` context is
 * added. Only the name and properties come from the caller, so only those two rules are
 * bundled: the SDK fills every other field itself, within the protocol's limits.
 */
export function emit(event: string, properties?: Record<string, unknown>, traitsOnly?: boolean) {
  if (!sendingAllowed) return;
  if (!isEventName(event)) return rejectCall("event", event);
  if (!checkProperties(properties)) return;
  const withContext: Record<string, unknown> = {
    ...properties,
    $viewport: innerWidth + "x" + innerHeight,
    $language: navigator.language,
    $timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  // Whoever wrote the link controls these: utm_* and the known click ids, each capped.
  new URLSearchParams(location.search).forEach((value, name) => {
    if (/^(utm_.+|(fb|g|tt)clid|msclkid|li_fat_id)$/.test(name)) withContext["$" + name] = value.slice(0, 256);
  });
  enqueue({
    event,
    event_id: randomHex(16),
    timestamp: new Date().toISOString(),
    anonymous_id: anonymousId,
    user_id: userId,
    url: location.href.slice(0, 2048),
    path: location.pathname.slice(0, 2048),
    referrer: document.referrer.slice(0, 2048),
    // Our own context must never turn a valid call into an error (a crafted link could
    // otherwise make every track() throw): past the size limit it is left out.
    properties: traitsOnly || !fitsProperties(withContext) ? properties : withContext,
  });
}
