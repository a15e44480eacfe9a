import { failInDevelopment } from "@millimetric/core";
import { hasAsyncContext } from "./requestContext";

/**
 * `track()`, `identify()` or `aidScript()` ran outside a request handled by
 * `withMillimetric()` (or the Hono middleware) and without ids: an error in development,
 * one log line in production (an event still goes out, it just cannot be stitched to a
 * visitor). Where the runtime has no AsyncLocalStorage the message says so, since there
 * the plain helpers can never see the request.
 */
export function missingContext(fn: "track" | "identify" | "aidScript"): void {
  const what = fn === "aidScript" ? "so there is no visitor id to hand to the browser" : "so the event has no anonymous_id or user_id";
  const explicit = fn === "aidScript" ? "millimetricOf(request).aidScript()" : `millimetricOf(request).${fn}()`;
  let message =
    `[millimetric] ${fn}() was called outside a request handled by withMillimetric(), ${what}. ` +
    `Wrap your fetch handler (export default { fetch: withMillimetric(app.fetch) }, import { withMillimetric } from "@millimetric/fetch"), ` +
    `or in Hono app.use(millimetric()) from "@millimetric/fetch/hono"; or call ${explicit} with the request your handler received` +
    (fn === "aidScript" ? "." : ", or pass anonymous_id/user_id yourself.");
  if (!hasAsyncContext()) {
    message +=
      " This runtime has no AsyncLocalStorage (Cloudflare Workers without the nodejs_compat flag?), so the plain helpers cannot see the request at all: " +
      `use ${explicit}, or add compatibility_flags = ["nodejs_compat"] to your wrangler configuration.`;
  }
  failInDevelopment("missing_context", message, { once: `missing_context:${fn}` });
}
