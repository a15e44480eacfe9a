import { type HeaderReader } from "@millimetric/core";
import { failInDevelopment, readForwardedVisitor, type ReadVisitor } from "@millimetric/core/internal";
import { isPrefetchBy } from "./isPrefetch";
import { serverPolicy } from "./serverState";

/** How a router's helpers word the fix when the proxy did not run for a visitor's request. */
export interface MissingProxy {
  /** What to add, ending the message after "Fix: ". */
  fix: string;
  /** The key the production log is made once under. */
  once: string;
}

/**
 * The visitor of the request a `/server` or `/pages` helper runs in, read once by core's
 * `readForwardedVisitor`: the decision `withMillimetric()` forwarded (consent included),
 * or, where the proxy did not run, what the request itself carries (never a minted id).
 * A visitor's request the proxy missed (no proxy, or a matcher that leaves the path out)
 * throws in development with the fix, and is logged once in production, unless the
 * caller brings its own id (`needsId: false`) or the request is a prefetch.
 */
export function readVisitor(fn: string, header: HeaderReader, method: string | undefined, needsId: boolean, missing: MissingProxy): ReadVisitor {
  const visitor = readForwardedVisitor({ header, method }, serverPolicy());
  if (needsId && visitor.missedVisitor && !isPrefetchBy(header)) {
    // A thrown error in development (someone is there to fix it); one log line in production.
    failInDevelopment("missing_context", `[millimetric] ${fn}: this request carries no visitor id, so its events cannot be joined to the browser's. Fix: ${missing.fix}.`, {
      once: missing.once,
    });
  }
  return visitor;
}
