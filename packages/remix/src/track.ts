import type { EventInput } from "@millimetric/core";
import { findMillimetric } from "@millimetric/fetch";
import { getContext } from "@millimetric/track-node/context";
import { afterResponse } from "./afterResponse";
import { kit } from "./kit";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { argsOf } from "./argsOf";
import { requestVisitor, STATE } from "./requestVisitor";

/**
 * Validates and queues a server-side event with the visitor's `anonymous_id` (unless the
 * event sets one); returns its `event_id`, or `undefined` when nothing was queued (opted
 * out, or in production without a key), as every server adapter's `track()`. Pass the
 * loader/action `args` (or its `request`): the id comes from the cookie, or from the
 * helper that owns this request's response (root loader, wrapper) through the load
 * context. Never minted here — nothing it returns carries a cookie — so a visitor's first
 * request to an unwrapped action or resource route tracks without `anonymous_id` (wrap it
 * with `withMillimetric()` to keep the id). Without a request it uses the current request
 * context; outside one and without ids it throws in development and logs once in
 * production. With a `waitUntil` (option, or on the load context) the delivery is handed to it.
 *
 * @param options With a request: the options your root loader's `millimetricLoader`
 *   uses (at least the same `cookie.name`, and `getUserId` for the event's `user_id`): the
 *   id is read from that cookie, and a state made with another cookie name is never
 *   reused. Default: `{}` (the `aid` cookie, no user id).
 * @throws TypeError naming the field and the rule when the event is invalid.
 * @example
 * ```ts
 * export async function action(args: Route.ActionArgs) {
 *   const user = await signUp(await args.request.formData());
 *   track(args, { event: "signup", user_id: user.id });
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
    const context = getContext();
    // In a request one of our wrappers (or fetch's, in front) handled, an event without ids is the app's call.
    const handled = context?.[STATE] !== undefined || findMillimetric() !== undefined;
    return kit.track(target as EventInput, context, handled ? kit.sourceOf(undefined) : undefined);
  }
  const { request, context } = argsOf(target as Request | DataFunctionArgsLike);
  const state = requestVisitor(request, context, options);
  // The client fills the ids the event leaves out from this request's: getUserId is read once.
  const id = kit.track(maybeEvent, { anonymous_id: state.anonymousId, user_id: state.userId, opted_out: state.optedOut }, kit.sourceOf(undefined));
  afterResponse(context, options);
  return id;
}
