import { failInDevelopment } from "@millimetric/core";

/** A plain `track()`/`identify()` with no request in context and no ids: throw in development, log once in production. */
export function missingContext(fn: "track" | "identify"): void {
  const message =
    `[millimetric] ${fn}() was called outside a request context, so the event has no anonymous_id or user_id. ` +
    `In loaders and actions call ${fn}(request, …) (or ${fn}(args, …)), wrap them with withMillimetric(), ` +
    `or add millimetricMiddleware() / millimetricRequestHandler() from "@millimetric/remix/server"; elsewhere pass anonymous_id/user_id yourself.`;
  failInDevelopment("missing_context", message);
}
