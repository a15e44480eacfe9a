import { RESPONSE_STATE, type ResponseState } from "@millimetric/track-node/adapter";
import type { MillimetricContext } from "@millimetric/track-node/context";
import { STATE } from "./requestVisitor";
import type { RequestVisitorState } from "./RequestVisitorState";

/** The async context a request's code runs in: its ids, plus the state for our helpers. */
export function requestContext(state: RequestVisitorState): MillimetricContext {
  // `anonymous_id` is set even when undefined: it overrides what an enclosing scope may
  // have, since this request decided it has none.
  // The wrapper marks it finished once its function returned: a late track() in this
  // context then warns in development (contract row 19).
  const response: ResponseState = { destroyed: false };
  const context: MillimetricContext = { anonymous_id: state.anonymousId, minted: state.minted, [STATE]: state, [RESPONSE_STATE]: response };
  if (state.userId) context.user_id = state.userId;
  if (state.optedOut) context.opted_out = true;
  return context;
}

/** Marks the request of a {@link requestContext} finished: its wrapped function has returned. */
export function markFinished(context: MillimetricContext): void {
  (context[RESPONSE_STATE] as { destroyed: boolean }).destroyed = true;
}
