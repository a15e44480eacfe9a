import type { AidPayload } from "@millimetric/core";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { payloadOf } from "./payloadOf";
import { resolveArgs } from "./resolveArgs";

/**
 * The visitor's id for a request (`{ id, minted }`), the same one `millimetricLoader`
 * and `track(request, …)` use for it — e.g. to hand to a background job. `undefined`
 * for a request that carries no id and is no visitor's (a webhook: see `isVisitorRequest`).
 *
 * @param options The options your root loader's `millimetricLoader` uses (at least the
 *   same `cookie.name`): the id is read from that cookie, and a resolution made with
 *   another cookie name is never reused. Default: `{}` (the `aid` cookie).
 * @example
 * ```ts
 * export async function action(args: Route.ActionArgs) {
 *   await queue.add("welcome-email", { anonymousId: getAnonymousId(args)?.id });
 * }
 * // with a renamed cookie, pass the root loader's options
 * getAnonymousId(args, { cookie: { name: "mm_aid" } });
 * ```
 */
export function getAnonymousId(target: Request | DataFunctionArgsLike, options?: MillimetricRemixOptions): AidPayload | undefined {
  return payloadOf(resolveArgs(target, options), options?.cookie) ?? undefined;
}
