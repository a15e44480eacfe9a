import { failInDevelopment } from "@millimetric/core/internal";
import type { IdentifyInput } from "@millimetric/track-node";
import { findMillimetric } from "@millimetric/fetch";
import { getContext } from "@millimetric/track-node/context";
import { afterResponse } from "./afterResponse";
import { kit } from "./kit";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { argsOf } from "./argsOf";
import { requestVisitor, STATE } from "./requestVisitor";

/**
 * Links the visitor's anonymous id to `user_id` with a `$identify` event; returns its
 * `event_id`, or `undefined` when nothing was queued (no visitor to link, or no key in
 * production), as every server adapter's `identify()` does. Pass the `request` (or `args`)
 * of the loader/action, or call it inside a request context; without an anonymous id (it
 * never mints one, as `track(args, …)`) it throws in development and, in production, logs
 * once and skips the call (the API needs both ids).
 *
 * @param options With a request: the options your root loader's `millimetricLoader`
 *   uses (at least the same `cookie.name`): the id is read from that cookie, and a state
 *   made with another cookie name is never reused. Default: `{}` (the `aid` cookie).
 * @example
 * ```ts
 * export async function action({ request }: Route.ActionArgs) {
 *   const user = await logIn(await request.formData());
 *   identify(request, { user_id: user.id, traits: { plan: user.plan } });
 *   return redirect("/");
 * }
 * // with a renamed cookie, pass the root loader's options
 * identify(args, { user_id: user.id }, { cookie: { name: "mm_aid" } });
 * ```
 */
export function identify(input: IdentifyInput): string | undefined;
export function identify(request: Request | DataFunctionArgsLike, input: IdentifyInput, options?: MillimetricRemixOptions): string | undefined;
export function identify(
  target: Request | DataFunctionArgsLike | IdentifyInput,
  maybeInput?: IdentifyInput,
  options?: MillimetricRemixOptions,
): string | undefined {
  if (maybeInput === undefined) {
    const context = getContext();
    const handled = context?.[STATE] !== undefined || findMillimetric() !== undefined;
    return kit.identify(target as IdentifyInput, context, handled ? kit.sourceOf(undefined) : undefined);
  }
  const { request, context } = argsOf(target as Request | DataFunctionArgsLike);
  const state = requestVisitor(request, context, options);
  // Read without minting and no id: it may be a visitor whose cookie no response of ours sets yet.
  if (!state.owned && !state.anonymousId && !state.optedOut && maybeInput && maybeInput.anonymous_id == null) {
    failInDevelopment(
      "missing_context",
      "[millimetric] identify() needs an anonymous_id, and this request has none: no valid aid cookie or x-millimetric-anonymous-id header, and identify(args) " +
        "never mints one, since nothing would put its cookie on this response (a visitor's first request to an action no wrapper handles, or a webhook). " +
        'Wrap the action with withMillimetric(), add millimetricMiddleware() / millimetricRequestHandler() from "@millimetric/remix/server", or pass anonymous_id yourself.',
      { once: "missing_visitor:identify-args" },
    );
    return undefined;
  }
  const id = kit.identify(maybeInput, { anonymous_id: state.anonymousId, opted_out: state.optedOut }, kit.sourceOf(undefined));
  afterResponse(context, options);
  return id;
}
