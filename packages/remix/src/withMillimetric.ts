import { runWithContext } from "@millimetric/track-node/context";
import type { DataWithInit } from "./DataWithInit";
import { isDataWithInit } from "./DataWithInit";
import { isResponse } from "./isResponse";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { requestContext } from "./requestContext";
import { resolveRequestId } from "./resolveRequestId";
import { plainWithSetCookie } from "./plainWithSetCookie";
import { withSetCookie } from "./withSetCookie";

/**
 * Wraps any loader or action so plain `track(event)`/`identify()` inside it — after
 * awaits, in callbacks — carry the request's id, and so a first visit that lands on it
 * gets the `Set-Cookie` (your data is unchanged; a plain object is sent as `data()` only
 * when the cookie must be written).
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
): (args: A) => Promise<Awaited<R> | DataWithInit<Awaited<R>>> {
  return async (args: A): Promise<Awaited<R> | DataWithInit<Awaited<R>>> => {
    const resolved = resolveRequestId(args.request, args.context, options);
    let result: Awaited<R>;
    try {
      result = await runWithContext(requestContext(resolved), () => fn(args));
    } catch (thrown) {
      throw resolved.setCookie ? withSetCookie(thrown, resolved.setCookie) : thrown;
    }
    if (!resolved.setCookie) return result;
    if (isResponse(result) || isDataWithInit(result)) return withSetCookie(result, resolved.setCookie) as Awaited<R>;
    return plainWithSetCookie(result, resolved.setCookie, options.response ?? "data") as DataWithInit<Awaited<R>>;
  };
}
