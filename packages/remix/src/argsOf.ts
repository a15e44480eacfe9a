import type { DataFunctionArgsLike } from "./MillimetricRemixOptions";

/**
 * A loader's `args` as `track(request | args, …)` & co. take them: the args themselves, or
 * a bare `Request` with no load context. Read with the root loader's options, so they read
 * the same cookie; they own no response, so they never mint.
 */
export function argsOf(target: Request | DataFunctionArgsLike): DataFunctionArgsLike {
  return target && typeof target === "object" && "request" in target && target.request ? target : { request: target as Request };
}
