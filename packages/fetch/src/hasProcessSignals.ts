/**
 * Whether the runtime delivers process signals (SIGTERM, SIGINT) to the app: Node, Bun and
 * Deno do; Cloudflare Workers (whose `nodejs_compat` lends a `process` no signal ever
 * reaches) and Vercel Edge do not. The default of the `flushOnExit` option of
 * `withMillimetric` and the Hono middleware.
 *
 * @example
 * ```ts
 * createRequestScope({ ...options, flushOnExit: options.flushOnExit ?? hasProcessSignals() });
 * ```
 */
export function hasProcessSignals(): boolean {
  const g = globalThis as { process?: { on?: unknown }; navigator?: { userAgent?: unknown }; EdgeRuntime?: unknown };
  if (typeof g.process?.on !== "function") return false;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return false;
  if (g.EdgeRuntime !== undefined) return false;
  return true;
}
