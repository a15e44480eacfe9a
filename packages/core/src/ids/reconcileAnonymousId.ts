import { isValidId } from "./isValidId";

/** Outcome of {@link reconcileAnonymousId}. */
export interface Reconciled {
  /** The id the browser should use; `undefined` when neither side has a valid one. */
  id: string | undefined;
  /** True when the browser's own id won over an id the server minted just now. */
  writeCookie: boolean;
}

/**
 * The browser half of the id contract. A server id that came from an existing cookie
 * wins over localStorage; an id the server minted on this very request loses to an id
 * the browser already stored, which must then be written back to the cookie. A bare
 * string (option C of the server-side recipe) counts as not minted.
 *
 * @example
 * ```ts
 * const { id, writeCookie } = reconcileAnonymousId(localStorage.mm_aid, window.__aid);
 * ```
 */
export function reconcileAnonymousId(stored: unknown, server: unknown): Reconciled {
  const s = server as { id?: unknown; minted?: unknown } | string | null | undefined;
  const serverId = typeof s === "string" ? s : s?.id;
  const minted = typeof s === "object" && s?.minted === true;
  const storedOk = isValidId(stored);
  if (isValidId(serverId) && (!minted || !storedOk || stored === serverId)) return { id: serverId, writeCookie: false };
  return { id: storedOk ? stored : undefined, writeCookie: storedOk && isValidId(serverId) };
}
