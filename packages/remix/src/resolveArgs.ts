import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import type { RequestId } from "./RequestId";
import { resolveRequestId } from "./resolveRequestId";

/**
 * `track(request, …)` and `track(args, …)` both resolve through the request (and its load
 * context), with the same options as the root loader so they read the same cookie.
 */
export function resolveArgs(target: Request | DataFunctionArgsLike, options?: MillimetricRemixOptions): RequestId {
  if (target && typeof target === "object" && "request" in target && target.request) {
    return resolveRequestId(target.request, target.context, options);
  }
  return resolveRequestId(target as Request, undefined, options);
}
