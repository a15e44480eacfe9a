import type { MillimetricContext } from "@millimetric/track-node/context";
import { RESOLVED } from "./resolveRequestId";
import type { RequestId } from "./RequestId";

/** The async context a request's code runs in: its ids, plus the resolution for our helpers. */
export function requestContext(resolved: RequestId): MillimetricContext {
  // `anonymous_id` is set even when undefined: it overrides what an enclosing scope may
  // have, since this request decided it has none.
  const context: MillimetricContext & { [RESOLVED]: RequestId } = { anonymous_id: resolved.id, minted: resolved.minted, [RESOLVED]: resolved };
  if (resolved.userId) context.user_id = resolved.userId;
  if (resolved.optedOut) context.opted_out = true;
  return context;
}
