import { AdapterKit } from "@millimetric/track-node/adapter";
import { hasAsyncContext } from "./requestContext";

/**
 * This package's share of the adapter kit: its wrappers' client sources (which also read a
 * Worker's key from the `env` each request receives), the registry its `flush()`/`shutdown()`
 * settle (`millimetric.fetch.clients`), and its wording. track-node's client defaults apply.
 */
export const kit = new AdapterKit({
  name: "fetch",
  handledBy: "withMillimetric()",
  keyFix:
    " in the environment — on Cloudflare Workers as a secret or var, read from the handler's env — or pass withMillimetric(handler, { key })",
  contextFix(fn) {
    let fix =
      `Wrap your fetch handler (export default { fetch: withMillimetric(app.fetch) }, import { withMillimetric } from "@millimetric/fetch"), ` +
      `or in Hono app.use(millimetric()) from "@millimetric/fetch/hono"; or call millimetricOf(request).${fn}() with the request your handler received` +
      (fn === "aidScript" ? "." : ", or pass anonymous_id/user_id yourself.");
    // Where the runtime has no AsyncLocalStorage the plain helpers can never see the request.
    if (!hasAsyncContext()) {
      fix +=
        " This runtime has no AsyncLocalStorage (Cloudflare Workers without the nodejs_compat flag?), so the plain helpers cannot see the request at all: " +
        `use millimetricOf(request).${fn}(), or add compatibility_flags = ["nodejs_compat"] to your wrangler configuration.`;
    }
    return fix;
  },
  visitorOption: "withMillimetric(handler, { isVisitorRequest })",
  requestApi: "millimetricOf(request)",
});
