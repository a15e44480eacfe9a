import { warnOnce } from "@millimetric/core";

/**
 * A request context's `user_id` resolver: calls `resolve` on the first `track()` that
 * needs a user id and keeps the first id it returns (a request that signs in half-way
 * still gets its id on later events). A resolver that throws costs the event its
 * user_id, never the request: it is reported once.
 *
 * @example
 * ```ts
 * runWithContext({ anonymous_id, user_id: lazyUserId(() => req.user?.id) }, next);
 * ```
 */
export function lazyUserId(resolve: () => string | number | null | undefined): () => string | undefined {
  let id: string | undefined;
  return () => {
    if (id !== undefined) return id;
    let value: string | number | null | undefined;
    try {
      value = resolve();
    } catch (err) {
      warnOnce("getUserId", `[millimetric] getUserId threw (${String(err)}); events are sent without user_id. Make it return undefined when there is no user.`);
      return undefined;
    }
    if (value == null || value === "") return undefined;
    return (id = String(value));
  };
}
