import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { requestVisitor } from "./requestVisitor";
import { toRequestLike } from "./toRequestLike";

/** The Node response `getLoadContext(req, res)` receives on the Express adapters. */
interface NodeResponseLike {
  getHeader(name: string): number | string | readonly string[] | undefined;
  setHeader(name: string, value: readonly string[]): unknown;
}

/**
 * Wraps your server's `getLoadContext` so the request's id is decided once, before any
 * loader or action, and shared through the load context. On a Node server
 * (`@react-router/express`, `@remix-run/express`: `getLoadContext(req, res)`) it also puts
 * the `Set-Cookie` on the Node response itself, so whatever the app answers — a redirect
 * from an action, a resource route — stores the id its events carry: the action and the
 * loaders of a first-visit form POST then share one id. Elsewhere (`(request)`,
 * Cloudflare's `({ request, context })`) it has no response to write to and mints
 * nothing: use `millimetricRequestHandler` there. Your context is returned as is (a new
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
    if (!request || !context) return context;
    const response = args[1] as Partial<NodeResponseLike> | undefined;
    const owns = typeof response?.getHeader === "function" && typeof response.setHeader === "function";
    const state = requestVisitor(request, context, options, { owns, startsRequest: true });
    if (owns && state.setCookies.length > 0) {
      const present = response.getHeader!("set-cookie");
      const kept = present === undefined ? [] : Array.isArray(present) ? present.map(String) : [String(present)];
      response.setHeader!("set-cookie", [...kept, ...state.setCookies]);
      // On the response already: the helpers sharing this state add it nowhere else.
      state.setCookies = [];
    }
    return context;
  };
}
