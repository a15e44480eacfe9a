import type { MillimetricClient } from "@millimetric/track-node";
import type { IdentifyInput } from "./identify";

/**
 * Queues the `$identify` event of the `/server` and `/pages` helpers: `client.identify()`'s
 * event, plus `url` and `path` of the request it happened in (the URL `withMillimetric()`
 * forwarded), as `track()` adds them. Without a location, or without a `user_id` (whose
 * error `client.identify()` states), it is `client.identify()` itself. Resolves to the
 * event's `event_id`, or `undefined` when nothing was queued.
 *
 * @example
 * ```ts
 * identifyAt(client, { user_id: "user_42" }, "u_visitor", false, { url: "https://shop.example/login", path: "/login" });
 * ```
 */
export function identifyAt(
  client: MillimetricClient,
  input: IdentifyInput,
  anonymous_id: string | undefined,
  optedOut: boolean | undefined,
  location: { url?: string; path: string } | undefined,
): string | undefined {
  if (!location || input?.user_id == null) return client.identify({ ...input, anonymous_id }, { opted_out: optedOut });
  // The event client.identify() builds (through track(), so beforeSend sees it), located.
  return client.track(
    { event: "$identify", anonymous_id, user_id: input.user_id, event_id: input.event_id, properties: input.traits, ...location },
    { opted_out: optedOut },
  );
}
