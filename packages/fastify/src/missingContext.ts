import { failInDevelopment } from "@millimetric/core";

/**
 * `track()`/`identify()` ran outside a request handled by the plugin and without ids: an
 * error in development, one log line in production (the event still goes out, it just
 * cannot be stitched to a visitor).
 */
export function missingContext(fn: "track" | "identify"): void {
  const message =
    `[millimetric] ${fn}() was called outside a request handled by the Millimetric Fastify plugin, so the event has no anonymous_id or user_id. ` +
    `Register it before your routes (await app.register(millimetric), import millimetric from "@millimetric/fastify"), ` +
    `use request.millimetric.${fn}(), or pass anonymous_id/user_id yourself.`;
  failInDevelopment("missing_context", message, { once: `missing_context:${fn}` });
}
