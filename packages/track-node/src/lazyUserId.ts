import { warnOnce } from "@millimetric/core/internal";
import { describeThrown } from "./describeThrown";

/** What an app's user-id resolver may answer: an id, or nothing when no one is signed in. */
type UserIdAnswer = string | number | null | undefined;

/**
 * A request's `user_id` resolver, the one every adapter uses: calls `resolve` on the
 * first `track()` that needs a user id and keeps the first id it returns (a request that
 * signs in half-way still gets its id on later events). A resolver that throws (or
 * rejects) costs the event its user_id, never the request: it is reported once. An async
 * resolver (Next's `getUserId: async () => (await auth())?.user?.id`) gives an async getter.
 *
 * @example
 * ```ts
 * runWithContext({ anonymous_id, user_id: lazyUserId(() => req.user?.id) }, next);
 * const userId = lazyUserId(async () => (await auth())?.user?.id); await userId();
 * ```
 */
export function lazyUserId(resolve: () => UserIdAnswer): () => string | undefined;
export function lazyUserId(resolve: () => UserIdAnswer | Promise<UserIdAnswer>): () => string | undefined | Promise<string | undefined>;
export function lazyUserId(resolve: () => UserIdAnswer | Promise<UserIdAnswer>): () => string | undefined | Promise<string | undefined> {
  let id: string | undefined;
  const keep = (value: UserIdAnswer): string | undefined => (value == null || value === "" ? undefined : (id = String(value)));
  return () => {
    if (id !== undefined) return id;
    let answer: UserIdAnswer | Promise<UserIdAnswer>;
    try {
      answer = resolve();
    } catch (err) {
      return reportThrow(err);
    }
    return isPromiseLike(answer) ? Promise.resolve(answer).then(keep, reportThrow) : keep(answer);
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<UserIdAnswer> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function reportThrow(err: unknown): undefined {
  warnOnce("getUserId", `[millimetric] getUserId threw (${describeThrown(err)}); events are sent without user_id. Make it return undefined when there is no user.`);
  return undefined;
}
