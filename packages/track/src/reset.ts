import { mintId } from "@millimetric/core";
import { setId, setUser } from "./identity";
import { K } from "./init";

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
  if (K) setId(mintId(), 1), setUser();
}
