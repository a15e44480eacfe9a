import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { resolveRequestId } from "./resolveRequestId";
import { toRequestLike } from "./toRequestLike";

/**
 * Wraps your server's `getLoadContext` (Express, Node, Cloudflare adapters) so the
 * request's id is resolved once, before any loader or action, and stored on the load
 * context: the action and the loaders of a first-visit form POST then share one minted
 * id, and `millimetricLoader` sends its cookie. Your context is returned as is (a new
 * `{}` when you have no `getLoadContext`). Return a new object per request: a context
 * object shared by requests (a module singleton) is detected and no longer used to share
 * ids, so it never hands one visitor's id to another.
 *
 * @example
 * ```ts
 * // server.js with @react-router/express
 * app.all("*", createRequestHandler({
 *   build,
 *   getLoadContext: millimetricLoadContext((req, res) => ({ user: req.user })),
 * }));
 * ```
 */
export function millimetricLoadContext(
  getLoadContext?: undefined,
  options?: MillimetricRemixOptions,
): (...args: unknown[]) => Promise<Record<string, unknown>>;
export function millimetricLoadContext<Args extends unknown[], C extends object>(
  getLoadContext: (...args: Args) => C | Promise<C>,
  options?: MillimetricRemixOptions,
): (...args: Args) => Promise<C>;
export function millimetricLoadContext<Args extends unknown[], C extends object>(
  getLoadContext?: (...args: Args) => C | Promise<C>,
  options: MillimetricRemixOptions = {},
): (...args: Args) => Promise<C> {
  return async (...args: Args) => {
    const context = getLoadContext ? await getLoadContext(...args) : ({} as C);
    const request = toRequestLike(args[0]);
    if (request && context) resolveRequestId(request, context, options, true);
    return context;
  };
}
