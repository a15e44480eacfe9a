import type { MillimetricContext } from "@millimetric/track-node/context";
import { STATE } from "./requestVisitor";
import type { RequestVisitorState } from "./RequestVisitorState";

/** The async context a request's code runs in: its ids, plus the state for our helpers. */
export function requestContext(state: RequestVisitorState): MillimetricContext {
  // `anonymous_id` is set even when undefined: it overrides what an enclosing scope may
  // have, since this request decided it has none.
  const context: MillimetricContext = { anonymous_id: state.anonymousId, minted: state.minted, [STATE]: state };
  if (state.userId) context.user_id = state.userId;
  if (state.optedOut) context.opted_out = true;
  return context;
}
