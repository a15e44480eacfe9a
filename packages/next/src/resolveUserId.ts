import { lazyUserId } from "@millimetric/track-node";
import { serverState } from "./serverState";

/**
 * The signed-in user's id from `configureMillimetric({ getUserId })`, found once per
 * request (`request` is its headers object, or the Pages request) through track-node's
 * `lazyUserId`: the resolver runs until it finds a user, then the request's later events
 * reuse the id. A resolver that throws costs the event its user_id, never the request.
 */
export async function resolveUserId(request?: object): Promise<string | undefined> {
  const { options, userIds } = serverState();
  const getUserId = options.getUserId;
  if (!getUserId) return undefined;
  if (!request) return lazyUserId(getUserId)();
  let resolve = userIds.get(request);
  if (!resolve) userIds.set(request, (resolve = lazyUserId(getUserId)));
  return resolve();
}
