import type { AidPayload } from "../script/AidPayload";

/** Where a request's anonymous id came from; `undefined` when it has none. */
export type VisitorIdSource = "header" | "cookie" | "minted";

/** What server events of the request carry (the adapter adds `user_id`). */
export interface VisitorContext {
  /** Set even when `undefined`: it overrides an id an enclosing scope may have. */
  anonymous_id: string | undefined;
  minted: boolean;
  opted_out: boolean;
  /** Adapters keep their own per-request state beside the ids (track-node's context allows it). */
  [adapterState: symbol]: unknown;
}

/**
 * The whole per-request visitor decision, made by {@link decideVisitor}: an adapter only
 * applies it to its framework's request and response.
 */
export interface VisitorDecision {
  /** The visitor's anonymous id (always valid), or `undefined`: no visitor, or opted out. */
  readonly anonymousId: string | undefined;
  /** Where the id came from; `undefined` without one. */
  readonly source: VisitorIdSource | undefined;
  /** True when the id was minted for this request (the browser may still prefer an id it holds). */
  readonly minted: boolean;
  /** The visitor opted out (`Sec-GPC: 1` unless ignored, or `mm_optout=1`): no id, no cookie, no server event. */
  readonly optedOut: boolean;
  /** `Set-Cookie` values the response must carry: `aid` (and `mm_minted` when minted), or none. */
  readonly setCookies: readonly string[];
  /**
   * The `Cookie` header code further down this same request must see (the id in place of
   * a missing, invalid or duplicated one), or `undefined` when the request's own is right.
   */
  readonly forwardedCookie: string | undefined;
  /** `window.__aid` for a page rendered by this request; `undefined` without an id. */
  readonly payload: AidPayload | undefined;
  /** The context server events of this request get. */
  readonly context: VisitorContext;
}
