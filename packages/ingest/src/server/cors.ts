import type { ServerResponse } from "node:http";
import type { HandlerContext } from "./HandlerContext";
import { requireAllowedOrigin } from "../auth/requireAllowedOrigin";

// The one home of the CORS headers. Only `/v1/` paths carry them (a.js included, and
// their 404s); the events page at `/` is read same-origin and carries none.

/**
 * The methods an API route answers: its own, and OPTIONS for the CORS preflight.
 *
 * @example
 * ```ts
 * apiRouteMethods("POST") // "POST, OPTIONS"
 * ```
 */
export function apiRouteMethods(method: string): string {
  return `${method}, OPTIONS`;
}

/**
 * Lets an allowed page read the answer, `Retry-After` included (the browser SDK backs
 * off on it). `Vary: Origin` on every API answer, since the headers depend on it.
 *
 * @example
 * ```ts
 * setCorsHeaders(ctx, res, req.headers.origin);
 * ```
 */
export function setCorsHeaders(ctx: HandlerContext, res: ServerResponse, origin: string | undefined): void {
  res.setHeader("Vary", "Origin");
  if (origin !== undefined && ctx.isAllowedOrigin(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", "Retry-After");
  }
}

/**
 * Answers a CORS preflight: 204 for an allowed Origin, else 403 `origin_not_allowed`.
 * It allows the two request headers the SDKs send.
 *
 * @example
 * ```ts
 * answerPreflight(ctx, res, req.headers.origin, "POST");
 * ```
 */
export function answerPreflight(ctx: HandlerContext, res: ServerResponse, origin: string | undefined, method: string): void {
  requireAllowedOrigin(ctx, origin);
  res.writeHead(204, {
    "Access-Control-Allow-Methods": apiRouteMethods(method),
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
    "Content-Length": "0",
  });
  res.end();
}
