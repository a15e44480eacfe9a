import { warnOnce } from "@millimetric/core";
import { serverState } from "./serverState";

/**
 * The signed-in user's id from `configureMillimetric({ getUserId })`, found once per
 * request (`request` is its headers object): the resolver runs until it finds a user,
 * then the request's later events reuse the id, as track-node's `lazyUserId` does. A
 * resolver that throws costs the event its user_id, never the request: it is reported once.
 */
export async function resolveUserId(request?: object): Promise<string | undefined> {
  const state = serverState();
  const known = request && state.userIds.get(request);
  if (known) return known;
  try {
    const id = await state.options.getUserId?.();
    if (id == null || id === "") return undefined;
    if (request) state.userIds.set(request, String(id));
    return String(id);
  } catch (err) {
    warnOnce("next:getUserId", `[millimetric] getUserId threw (${String(err)}); events are sent without user_id. Make it return undefined when there is no user.`);
    return undefined;
  }
}
