import type { IdentifyInput } from "@millimetric/track-node";
import { getContext } from "@millimetric/track-node/context";
import { clientFor } from "@millimetric/track-node/adapter";
import { kit } from "./kit";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { resolveArgs } from "./resolveArgs";
import { RESOLVED } from "./resolveRequestId";

/**
 * Links the visitor's anonymous id to `user_id` with a `$identify` event; returns its
 * `event_id`, or `undefined` when nothing was queued (no visitor to link, or no key in
 * production), as every server adapter's `identify()` does. Pass the `request` (or `args`) of the loader/action, or call it inside a
 * request context; outside one without `anonymous_id` it throws in development and, in
 * production, logs once and skips the call (the API needs both ids).
 *
 * @param options With a request: the options your root loader's `millimetricLoader`
 *   uses (at least the same `cookie.name`): the id is read from that cookie, and a
 *   resolution made with another cookie name is never reused. Default: `{}` (the `aid` cookie).
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
    const input = target as IdentifyInput;
    const context = getContext() as (ReturnType<typeof getContext> & { [RESOLVED]?: unknown }) | undefined;
    if (input && input.anonymous_id == null && !context?.anonymous_id && !context?.opted_out) {
      if (context?.[RESOLVED]) kit.missingVisitor("identify");
      else kit.missingContext("identify");
      return undefined;
    }
    return clientFor(kit.sourceOf(undefined))?.identify(input);
  }
  const resolved = resolveArgs(target as Request | DataFunctionArgsLike, options);
  // An opted-out visitor has no id on purpose: the client drops the call (debug says so).
  if (maybeInput && maybeInput.anonymous_id == null && !resolved.id && !resolved.optedOut) {
    kit.missingVisitor("identify");
    return undefined;
  }
  return clientFor(kit.sourceOf(undefined))?.identify(maybeInput, { anonymous_id: resolved.id, opted_out: resolved.optedOut });
}
