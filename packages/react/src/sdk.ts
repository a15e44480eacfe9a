import * as browser from "@millimetric/track";

// The browser SDK keeps one anonymous id per page; every mounted provider re-reads it
// after a call that can change it, so useAnonymousId() stays current.
const listeners = new Set<() => void>();

/** Runs `fn` whenever the anonymous id may have changed; returns the unsubscribe. */
export function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

function changed<A extends unknown[]>(fn: (...args: A) => void) {
  return (...args: A): void => {
    try {
      fn(...args);
    } finally {
      listeners.forEach((l) => l());
    }
  };
}

/**
 * `identify` from `@millimetric/track`, also refreshing `useAnonymousId()`.
 * @example identify(user.id, { plan: "pro" })
 */
export const identify = changed(browser.identify);
/**
 * `reset` from `@millimetric/track` (logout: new anonymous id, user id cleared), also
 * refreshing `useAnonymousId()`.
 * @example await signOut(); reset();
 */
export const reset = changed(browser.reset);
/**
 * `setAnonymousId` from `@millimetric/track`, also refreshing `useAnonymousId()`.
 * @example setAnonymousId(idFromMyServer)
 */
export const setAnonymousId = changed(browser.setAnonymousId);
/**
 * `optOut` from `@millimetric/track` (the visitor opts out: nothing more is sent, the
 * `mm_optout=1` cookie tells every server adapter, the anonymous id is forgotten), also
 * refreshing `useAnonymousId()`.
 * @example <button onClick={() => optOut()}>Do not track me</button>
 */
export const optOut = changed(browser.optOut);
/**
 * `optIn` from `@millimetric/track` (undoes `optOut`; a fresh anonymous id), also
 * refreshing `useAnonymousId()`.
 * @example <button onClick={() => optIn()}>Allow analytics</button>
 */
export const optIn = changed(browser.optIn);
