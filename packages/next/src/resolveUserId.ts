import { warnOnce } from "@millimetric/core";
import { serverState } from "./serverState";

/**
 * The signed-in user's id from `configureMillimetric({ getUserId })`. A resolver that
 * throws costs the event its user_id, never the request: it is reported once.
 */
export async function resolveUserId(): Promise<string | undefined> {
  try {
    const id = await serverState().options.getUserId?.();
    return id == null || id === "" ? undefined : String(id);
  } catch (err) {
    warnOnce("next:getUserId", `[millimetric] getUserId threw (${String(err)}); events are sent without user_id. Make it return undefined when there is no user.`);
    return undefined;
  }
}
