import { isValidId } from "@millimetric/core";
import { getContext } from "./requestContext";

/**
 * The current request's anonymous id — the one its `Set-Cookie`, `aidScript()` and
 * `track()` use — or `undefined` outside a request handled by `withMillimetric()`, in a
 * request that is no visitor's (a webhook), and where the runtime has no
 * AsyncLocalStorage (there: `millimetricOf(request).anonymousId`). For handing the id to
 * a background job, a queue message or an outgoing call.
 *
 * @example
 * ```ts
 * await queue.send({ type: "welcome-email", anonymousId: getAnonymousId(), userId: user.id });
 * ```
 */
export function getAnonymousId(): string | undefined {
  const id = getContext()?.anonymous_id;
  return isValidId(id) ? id : undefined;
}
