import { mintId } from "@millimetric/core";
import { storeAnonymousId, storeUserId } from "./identity";
import { apiKey } from "./state";

/**
 * Logout: starts a new anonymous id (written to the `aid` cookie when it is mirrored)
 * and forgets the user id, so the next person on this browser is not joined to the last.
 * Does nothing before {@link init}.
 *
 * @example
 * ```ts
 * await signOut();
 * reset();
 * ```
 */
export function reset(): void {
  if (apiKey) storeAnonymousId(mintId(), true), storeUserId(); // the cookie follows the new id
}
