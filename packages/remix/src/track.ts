import type { EventInput } from "@millimetric/core";
import { getContext } from "@millimetric/track-node/context";
import { clientFor } from "@millimetric/track-node/adapter";
import { kit } from "./kit";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { resolveArgs } from "./resolveArgs";
import { RESOLVED } from "./resolveRequestId";

/**
 * Validates and queues a server-side event with the visitor's `anonymous_id` (unless the
 * event sets one); returns its `event_id`, or `undefined` when nothing was queued (in
 * production without a key): the same contract as every server adapter's `track()`. Pass the loader/action `request` (or its whole `args`, which also shares a
 * first-visit id between an action and the loaders of the same request). Without a
 * request it uses the current request context (`withMillimetric`,
 * `millimetricMiddleware`, `millimetricRequestHandler`); outside one and without ids it
 * throws in development and logs once in production.
 *
 * @param options With a request: the options your root loader's `millimetricLoader`
 *   uses (at least the same `cookie.name`, and `getUserId` for the event's `user_id`): the
 *   id is read from that cookie, and a resolution made with another cookie name is never
 *   reused. Default: `{}` (the `aid` cookie, no user id).
 * @throws TypeError naming the field and the rule when the event is invalid.
 * @example
 * ```ts
 * export async function action({ request }: Route.ActionArgs) {
 *   const user = await signUp(await request.formData());
 *   track(request, { event: "signup", user_id: user.id });
 *   return redirect("/welcome");
 * }
 * // with a renamed cookie, pass the root loader's options
 * const options = { cookie: { name: "mm_aid" } };
 * track(args, { event: "signup" }, options);
 * ```
 */
export function track(event: EventInput): string | undefined;
export function track(request: Request | DataFunctionArgsLike, event: EventInput, options?: MillimetricRemixOptions): string | undefined;
export function track(
  target: Request | DataFunctionArgsLike | EventInput,
  maybeEvent?: EventInput,
  options?: MillimetricRemixOptions,
): string | undefined {
  if (maybeEvent === undefined) {
    const event = target as EventInput;
    const context = getContext() as (ReturnType<typeof getContext> & { [RESOLVED]?: unknown }) | undefined;
    // In a request this package resolved as no visitor's, an event without ids is the app's call.
    if (event && event.anonymous_id == null && event.user_id == null && !context?.anonymous_id && !context?.user_id && !context?.[RESOLVED]) {
      kit.missingContext("track");
    }
    return clientFor(kit.sourceOf(undefined))?.track(event);
  }
  const resolved = resolveArgs(target as Request | DataFunctionArgsLike, options);
  // The client fills the ids the event leaves out from this request's: getUserId is read once.
  return clientFor(kit.sourceOf(undefined))?.track(maybeEvent, { anonymous_id: resolved.id, user_id: resolved.userId, opted_out: resolved.optedOut });
}
