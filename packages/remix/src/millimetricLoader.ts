import type { AidPayload } from "@millimetric/core";
import { runWithContext } from "@millimetric/track-node/context";
import { afterResponse } from "./afterResponse";
import type { DataWithInit } from "./DataWithInit";
import { mergeAid } from "./mergeAid";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { markFinished, requestContext } from "./requestContext";
import { requestVisitor } from "./requestVisitor";
import { responseShapeFor } from "./responseShapeFor";
import { withSetCookies } from "./withSetCookies";

type WithAid<T> = T extends null | undefined
  ? { millimetric: AidPayload | null }
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? T & { millimetric: AidPayload | null }
      : T;

/**
 * What {@link millimetricLoader} returns for a loader returning `R`, as the framework hands
 * it to the page: a plain value may go out as `data()` or a JSON `Response` (when the cookie
 * must be written), which React Router and Remix unwrap into the same data.
 */
export type MillimetricLoaderResult<R> = R extends Response ? R : R extends DataWithInit<infer D> ? DataWithInit<WithAid<D>> : WithAid<R>;

/**
 * For the root route's loader: reads or mints the visitor's id (header > cookie >
 * minted), returns it to the root component as `millimetric: { id, minted }` merged into
 * your loader's data, and adds the `Set-Cookie` header when the cookie must be written —
 * keeping your own headers, whether your loader returns an object, `data()`, a
 * `Response`/`json()` or a redirect (thrown ones too). Your loader runs in the request
 * context, so plain `track(event)` inside it carries the id; the other loaders of the
 * request find it through the load context (`track(args, …)`). With a `waitUntil`
 * (option, or on the load context) the request's events are flushed through it.
 *
 * The same call works on React Router 7 and 8 and on Remix 2 with or without
 * `future.v3_singleFetch`: a plain object that needs the cookie is sent as `data()` where
 * the loader's arguments show React Router 7.10+/8, else as a JSON `Response` (which every
 * one of them accepts), see `options.response`.
 *
 * @example
 * ```ts
 * // app/root.tsx
 * import { millimetricLoader } from "@millimetric/remix/server";
 * export const loader = (args: Route.LoaderArgs) =>
 *   millimetricLoader(args, async ({ request }) => ({ user: await getUser(request) }));
 * ```
 */
export function millimetricLoader<A extends DataFunctionArgsLike>(
  args: A,
  options?: MillimetricRemixOptions,
): Promise<MillimetricLoaderResult<undefined>>;
export function millimetricLoader<A extends DataFunctionArgsLike, R>(
  args: A,
  loader: (args: A) => R | Promise<R>,
  options?: MillimetricRemixOptions,
): Promise<MillimetricLoaderResult<Awaited<R>>>;
export async function millimetricLoader<A extends DataFunctionArgsLike, R>(
  args: A,
  loaderOrOptions?: ((args: A) => R | Promise<R>) | MillimetricRemixOptions,
  maybeOptions?: MillimetricRemixOptions,
): Promise<unknown> {
  const loader = typeof loaderOrOptions === "function" ? loaderOrOptions : undefined;
  const options = (typeof loaderOrOptions === "function" ? maybeOptions : loaderOrOptions) ?? {};
  const state = requestVisitor(args.request, args.context, options, { owns: true });
  const context = requestContext(state);
  let result: unknown;
  try {
    result = loader ? await runWithContext(context, () => loader(args)) : undefined;
  } catch (thrown) {
    throw withSetCookies(thrown, state.setCookies);
  } finally {
    markFinished(context);
    afterResponse(args.context, options);
  }
  return mergeAid(result, state.payload ?? null, state.setCookies, (value) => responseShapeFor(args, value, options.response));
}
