import { runWithContext } from "@millimetric/track-node/context";
import { afterResponse } from "./afterResponse";
import { isDataWithInit } from "./DataWithInit";
import { isResponse } from "./isResponse";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { markFinished, requestContext } from "./requestContext";
import { requestVisitor } from "./requestVisitor";
import { responseShapeFor } from "./responseShapeFor";
import { scopeFor } from "./scopeFor";
import { plainWithSetCookies } from "./plainWithSetCookies";
import { withSetCookies } from "./withSetCookies";

/**
 * Wraps any loader or action — a resource route's too — so plain `track(event)`/`identify()`
 * inside it — after awaits, in callbacks — carry the request's id, and so a first visit
 * that lands on it gets the `Set-Cookie` of the id its events used (a wrapped action or
 * resource route may mint: its own result carries the cookie). With a `waitUntil` (option,
 * or on the load context) the events are flushed through it once the function returned,
 * so a serverless host delivers them before it freezes. Bad cookie options throw here,
 * when it is called. Your data is unchanged: only when the cookie must be written is a
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
  scopeFor(options); // checks the cookie options now, naming a bad one
  return async (args: A): Promise<Awaited<R>> => {
    const state = requestVisitor(args.request, args.context, options, { owns: true });
    const context = requestContext(state);
    let result: Awaited<R>;
    try {
      result = await runWithContext(context, () => fn(args));
    } catch (thrown) {
      throw withSetCookies(thrown, state.setCookies);
    } finally {
      markFinished(context);
      afterResponse(args.context, options);
    }
    if (isResponse(result) || isDataWithInit(result)) return withSetCookies(result, state.setCookies);
    return plainWithSetCookies(result, state.setCookies, (value) => responseShapeFor(args, value, options.response)) as Awaited<R>;
  };
}
