import { isValidId } from "@millimetric/core";
import { getContext } from "@millimetric/track-node/context";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { argsOf } from "./argsOf";
import { requestVisitor } from "./requestVisitor";

/**
 * The visitor's anonymous id — the one the request's `Set-Cookie`, the root loader's
 * `millimetric` and `track()` use — e.g. to hand to a background job. With no argument,
 * the current request context's (inside `withMillimetric`, `millimetricLoader`,
 * `millimetricMiddleware`, `millimetricRequestHandler`), as every adapter's
 * `getAnonymousId()`. `undefined` for a request that is no visitor's (a webhook: see
 * `isVisitorRequest`), an opted-out one, and a visitor's first request that no wrapper
 * handles (it is never minted here: no response would store it). For `{ id, minted }`
 * see `getAidPayload`.
 *
 * @param options The options your root loader's `millimetricLoader` uses (at least the
 *   same `cookie.name`): the id is read from that cookie. Default: `{}` (the `aid` cookie).
 * @example
 * ```ts
 * export async function action(args: Route.ActionArgs) {
 *   await queue.add("welcome-email", { anonymousId: getAnonymousId(args) });
 * }
 * // with a renamed cookie, pass the root loader's options
 * getAnonymousId(args, { cookie: { name: "mm_aid" } });
 * ```
 */
export function getAnonymousId(target?: Request | DataFunctionArgsLike, options?: MillimetricRemixOptions): string | undefined {
  if (target === undefined) {
    const id = getContext()?.anonymous_id;
    return isValidId(id) ? id : undefined;
  }
  const { request, context } = argsOf(target);
  return requestVisitor(request, context, options).anonymousId;
}
