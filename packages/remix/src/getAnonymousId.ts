import type { AidPayload } from "@millimetric/core";
import type { DataFunctionArgsLike } from "./MillimetricRemixOptions";
import { payloadOf } from "./payloadOf";
import { resolveArgs } from "./resolveArgs";

/**
 * The visitor's id for a request (`{ id, minted }`), the same one `millimetricLoader`
 * and `track(request, …)` use for it — e.g. to hand to a background job.
 *
 * @example
 * ```ts
 * export async function action(args: Route.ActionArgs) {
 *   await queue.add("welcome-email", { anonymousId: getAnonymousId(args).id });
 * }
 * ```
 */
export function getAnonymousId(target: Request | DataFunctionArgsLike): AidPayload {
  return payloadOf(resolveArgs(target));
}
