import { decideVisitor } from "@millimetric/core";
import { failInDevelopment } from "@millimetric/core/internal";
import { RequestVisitor, type RequestMillimetric } from "@millimetric/track-node/adapter";
import { SOURCE, type FetchContext } from "./contextKeys";
import { findMillimetric } from "./findMillimetric";
import { kit } from "./kit";
import { getContext } from "./requestContext";

/**
 * The visitor of a request that `withMillimetric()` (or the Hono middleware) handled:
 * its `anonymousId`, `minted`, and `track`/`identify`/`aidScript` bound to it. The
 * explicit per-request API: it works on every runtime, also where there is no
 * AsyncLocalStorage for the plain helpers (Cloudflare Workers without `nodejs_compat`),
 * and from callbacks that run outside the request's call chain.
 *
 * Pass the request your handler received. For any other Request it returns the current
 * request context's visitor when there is one; otherwise it throws in development and, in
 * production, logs once and returns a visitor without an id.
 *
 * @example
 * ```ts
 * export default {
 *   fetch: withMillimetric(async (request, env, ctx) => {
 *     const mm = millimetricOf(request);
 *     mm.track({ event: "page_rendered" });
 *     return new Response(`<head>${mm.aidScript()}</head>`, { headers: { "content-type": "text/html" } });
 *   }),
 * };
 * ```
 */
export function millimetricOf(request: Request): RequestMillimetric {
  const found = findMillimetric(request);
  if (found) return found;
  failInDevelopment(
    "missing_context",
    "[millimetric] millimetricOf(request) got a Request that did not go through withMillimetric() or the Hono millimetric() middleware. " +
      "Wrap your fetch handler (export default { fetch: withMillimetric(handler) }) and pass the very Request the handler received.",
    { once: "missing_context:millimetricOf" },
  );
  // No visitor: a request nothing decided for gets none (never an id minted here, unseen by the response).
  const none = decideVisitor({ header: () => undefined, mayMint: false });
  return new RequestVisitor(none, { kit, source: kit.sourceOf((getContext() as FetchContext | undefined)?.[SOURCE]) });
}
