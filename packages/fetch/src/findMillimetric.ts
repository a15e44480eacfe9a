import { VISITOR, type FetchContext } from "./contextKeys";
import { getContext } from "./requestContext";
import type { RequestMillimetric } from "@millimetric/track-node/adapter";
import { requestRegistry } from "./requestRegistry";

/**
 * `millimetricOf` without the complaint, for adapters that fall back to their own
 * resolution: the visitor of `request` when a wrapper of this package handled it, else
 * the current request context's visitor, else `undefined`. Never throws.
 *
 * @example
 * ```ts
 * // an adapter's loader helper: reuse the wrapper's resolution when there is one
 * const visitor = findMillimetric(args.request) ?? scope.enter(args.request).millimetric;
 * ```
 */
export function findMillimetric(request?: Request): RequestMillimetric | undefined {
  const found = request ? requestRegistry().get(request) : undefined;
  return found ?? (getContext() as FetchContext | undefined)?.[VISITOR];
}
