import { isValidId } from "../ids/isValidId";
import { decideVisitor } from "./decideVisitor";
import { mayStartVisitor } from "./mayStartVisitor";
import type { VisitorDecision } from "./VisitorDecision";
import type { VisitorPolicy } from "./visitorPolicy";
import type { VisitorRequest } from "./VisitorRequest";

/**
 * The request header a proxy in front of the app's server code (Next's `withMillimetric`)
 * forwards its decision on, so server helpers of the same request read that decision
 * instead of making another. Always rewritten by the proxy. A client that sends it where
 * no proxy runs can only name its own visitor (as the id header lets it) or opt itself out.
 */
export const FORWARDED_VISITOR_HEADER = "x-millimetric-visitor";

/**
 * The value of {@link FORWARDED_VISITOR_HEADER} for `decision`: `"<id>"`, `"<id>;minted"`,
 * `"opted-out"` or `"none"`.
 *
 * @example
 * ```ts
 * forwardedHeaders.set(FORWARDED_VISITOR_HEADER, forwardedVisitorValue(decision));
 * ```
 */
export function forwardedVisitorValue(decision: Pick<VisitorDecision, "anonymousId" | "minted" | "optedOut">): string {
  if (decision.optedOut) return "opted-out";
  if (!decision.anonymousId) return "none";
  return decision.minted ? decision.anonymousId + ";minted" : decision.anonymousId;
}

/** A request's visitor as server code reads it: the proxy's decision, or what the request itself carries. */
export interface ReadVisitor {
  /** The visitor's anonymous id, or `undefined` (no visitor, or opted out). */
  readonly anonymousId: string | undefined;
  /** Minted for this very request by the proxy. */
  readonly minted: boolean;
  /** The visitor opted out: its server events are dropped. */
  readonly optedOut: boolean;
  /** True when a proxy forwarded its decision; false when the request was read as it came. */
  readonly forwarded: boolean;
  /**
   * The request came without the proxy's decision, carries no id, and is one the proxy
   * would have started a visitor for: the proxy is missing or its matcher leaves this
   * path out, so the events cannot be joined to the browser's.
   */
  readonly missedVisitor: boolean;
}

/**
 * The visitor of a request that a proxy may already have decided: its forwarded decision
 * when there is one, else {@link decideVisitor} without minting (consent and a valid id
 * the request carries still count: an app whose matcher leaves `/api` out keeps its
 * visitors there). The one reader of server helpers behind a proxy.
 *
 * @example
 * ```ts
 * const visitor = readForwardedVisitor({ header: (name) => headers.get(name) }, policy);
 * if (visitor.optedOut) return; // send nothing
 * ```
 */
export function readForwardedVisitor(request: VisitorRequest, policy?: VisitorPolicy): ReadVisitor {
  const value = request.header(FORWARDED_VISITOR_HEADER);
  if (value === "opted-out") return { anonymousId: undefined, minted: false, optedOut: true, forwarded: true, missedVisitor: false };
  if (value === "none") return { anonymousId: undefined, minted: false, optedOut: false, forwarded: true, missedVisitor: false };
  if (value) {
    const minted = value.endsWith(";minted");
    const id = minted ? value.slice(0, -";minted".length) : value;
    if (isValidId(id)) return { anonymousId: id, minted, optedOut: false, forwarded: true, missedVisitor: false };
  }
  const decision = decideVisitor({ ...request, mayMint: false }, policy);
  const missedVisitor = !decision.anonymousId && !decision.optedOut && mayStartVisitor(request);
  return { anonymousId: decision.anonymousId, minted: false, optedOut: decision.optedOut, forwarded: false, missedVisitor };
}
