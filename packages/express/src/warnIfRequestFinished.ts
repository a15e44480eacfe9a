import { isProduction } from "@millimetric/core";
import { RESPONSE, SOURCE, type ExpressContext } from "./contextKeys";

// Per middleware (its client source), so an app sees the warning once, and each app in a
// test process can see its own.
const warned = new WeakSet<object>();

/**
 * In development, warns once when the module-level `track()`/`identify()` takes ids from
 * the context of a request whose response has already closed. That is where a callback
 * registered by one request but run from another's call chain (a shared EventEmitter, a
 * shared queue, an interval started in a request) shows up: AsyncLocalStorage hands it
 * the context of whoever triggered it, so the event would silently carry another
 * visitor's ids. While the triggering request is still open the two cannot be told apart,
 * hence the README's rule for such callbacks: `req.millimetric.track()`.
 *
 * Costs one property read per call when the response is still open.
 */
export function warnIfRequestFinished(context: ExpressContext, fn: "track" | "identify"): void {
  const res = context[RESPONSE];
  if (!res?.destroyed) return;
  const key = context[SOURCE] ?? res;
  if (warned.has(key) || isProduction()) return;
  warned.add(key);
  console.warn(
    `[millimetric] ${fn}() ran in the context of a request that has already finished, so the event takes that request's anonymous_id and user_id. ` +
      `AsyncLocalStorage follows the call chain a callback was scheduled from, not where it was registered: a listener on a shared EventEmitter, ` +
      `a shared queue's worker or an interval started in a request runs under whichever request triggered it. ` +
      `Call req.millimetric.${fn}() with the request the event belongs to (capture it where you register the callback), or pass anonymous_id/user_id yourself. ` +
      `For work a request itself does after responding, req.millimetric.${fn}() attaches its ids explicitly too. (Shown once, in development only.)`,
  );
}
