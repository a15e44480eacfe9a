import type { HandlerContext } from "../server/HandlerContext";
import { HttpError } from "../server/HttpError";

/**
 * Throws 403 `origin_not_allowed` unless `origin` is on the allowlist. A `pk_` key is
 * public by design, so the Origin is what limits who can use it; a CORS preflight is
 * held to the same rule. No Origin at all means the caller is a server.
 *
 * @example
 * ```ts
 * requireAllowedOrigin(ctx, req.headers.origin);
 * ```
 */
export function requireAllowedOrigin(ctx: HandlerContext, origin: string | undefined): void {
  if (origin !== undefined && ctx.isAllowedOrigin(origin)) return;
  throw new HttpError(403, "origin_not_allowed", {
    message:
      origin === undefined
        ? "[millimetric] a pk_ key works only from a web page (an Origin header); from a server use the sk_ key"
        : `[millimetric] ${origin.slice(0, 200)} is not an allowed origin; add it to allowedOrigins`,
    origin: origin === undefined ? null : origin.slice(0, 200),
    allowed_origins: ctx.allowedOrigins,
  });
}
