import { runWithContext } from "@millimetric/track-node/context";
import { isDataWithInit } from "./DataWithInit";
import { isResponse } from "./isResponse";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { requestContext } from "./requestContext";
import { resolveRequestId } from "./resolveRequestId";
import { responseShapeFor } from "./responseShapeFor";
import { plainWithSetCookies } from "./plainWithSetCookies";
import { withSetCookies } from "./withSetCookies";

/**
 * Wraps any loader or action so plain `track(event)`/`identify()` inside it — after
 * awaits, in callbacks — carry the request's id, and so a first visit that lands on it
 * gets the `Set-Cookie`. Your data is unchanged: only when the cookie must be written is a
 * plain value sent as `data(value, init)` (React Router 7.10+/8) or a JSON `Response`
 * (Remix 2, older React Router 7), which the framework unwraps — so the wrapper is typed
 * as your function. See `options.response`.
 *
 * @example
 * ```ts
 * import { track, withMillimetric } from "@millimetric/remix/server";
 * export const action = withMillimetric(async ({ request }: Route.ActionArgs) => {
 *   const user = await signUp(await request.formData());
 *   track({ event: "signup", user_id: user.id });
 *   return redirect("/welcome");
 * });
 * ```
 */
export function withMillimetric<A extends DataFunctionArgsLike, R>(
  fn: (args: A) => R | Promise<R>,
  options: MillimetricRemixOptions = {},
): (args: A) => Promise<Awaited<R>> {
  return async (args: A): Promise<Awaited<R>> => {
    const resolved = resolveRequestId(args.request, args.context, options);
    let result: Awaited<R>;
    try {
      result = await runWithContext(requestContext(resolved), () => fn(args));
    } catch (thrown) {
      throw withSetCookies(thrown, resolved.setCookies);
    }
    if (isResponse(result) || isDataWithInit(result)) return withSetCookies(result, resolved.setCookies);
    return plainWithSetCookies(result, resolved.setCookies, (value) => responseShapeFor(args, value, options.response)) as Awaited<R>;
  };
}
