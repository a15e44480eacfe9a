import { fitsProperties, invalid, isEventName, randomHex } from "@millimetric/core";
import { anonymousId, userId } from "./identity";
import { enqueue } from "./queue";
import { sendingAllowed } from "./state";

/** Throws unless `properties` is absent or a JSON object of at most 8 KB (the protocol's rule). */
export function checkProperties(properties?: object) {
  if (properties != null && !fitsProperties(properties)) {
    // The full sentence in development; production bundles keep the short form (the
    // try block folds away), which still names the field and the rule.
    try {
      if (process.env.NODE_ENV != "production") throw 0;
    } catch (signal) {
      // Development only, by core's rule (isProduction): without `process`, production.
      if (signal === 0) invalid("properties", "must be a JSON object (no cycles, no BigInt) of at most 8192 bytes as JSON");
    }
    invalid("properties", "JSON object <= 8192 B");
  }
}

/**
 * Validates, stamps and queues one event. `traitsOnly` sends the caller's properties alone
 * (`$identify` traits describe the user, not this page view); otherwise our `$` context is
 * added. Only the name and properties come from the caller, so only those two rules are
 * bundled: the SDK fills every other field itself, within the protocol's limits.
 */
export function emit(event: string, properties?: Record<string, unknown>, traitsOnly?: boolean) {
  if (!sendingAllowed) return;
  if (!isEventName(event)) {
    try {
      if (process.env.NODE_ENV != "production") throw 0;
    } catch (signal) {
      // Development only, by core's rule (isProduction): without `process`, production.
      if (signal === 0) invalid("event", 'must be a string of 1–128 characters; "$" names are reserved for $pageview and $identify');
    }
    invalid("event", "1-128 chars, no $");
  }
  checkProperties(properties);
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
