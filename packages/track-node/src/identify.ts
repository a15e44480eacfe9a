import { getClient } from "./defaultClient";
import type { IdentifyInput } from "./MillimetricClient";

/**
 * Links an anonymous id to a user id on the default client (a `$identify` event).
 *
 * @example
 * ```ts
 * identify({ user_id: user.id, anonymous_id: aid });
 * ```
 */
export function identify(input: IdentifyInput): string {
  return getClient().identify(input);
}
