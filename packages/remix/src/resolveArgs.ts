import type { DataFunctionArgsLike } from "./MillimetricRemixOptions";
import type { RequestId } from "./RequestId";
import { resolveRequestId } from "./resolveRequestId";

/** `track(request, …)` and `track(args, …)` both resolve through the request (and its load context). */
export function resolveArgs(target: Request | DataFunctionArgsLike): RequestId {
  if (target && typeof target === "object" && "request" in target && target.request) {
    return resolveRequestId(target.request, target.context);
  }
  return resolveRequestId(target as Request, undefined);
}
