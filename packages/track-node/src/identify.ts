import { getClient } from "./defaultClient";
import type { IdentifyInput } from "./MillimetricClient";
import type { MillimetricContext } from "./MillimetricContext";

/**
 * Links an anonymous id to a user id on the default client (a `$identify` event; see
 * {@link MillimetricClient.identify}); returns its `event_id`, or `undefined` when nothing
 * was queued (the visitor opted out, `beforeSend` dropped it, the client was shut down).
 *
 * @param context Where a missing `anonymous_id` comes from. Default: the current request context.
 * @example
 * ```ts
 * identify({ user_id: user.id, anonymous_id: aid });
 * ```
 */
export function identify(input: IdentifyInput, context?: MillimetricContext): string | undefined {
  return getClient().identify(input, context);
}
