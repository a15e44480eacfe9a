import { renderAidScript } from "@millimetric/core";
import type { AidScriptOptions } from "@millimetric/track-node/adapter";
import { VISITOR, type FetchContext } from "./contextKeys";
import { kit } from "./kit";
import { getContext } from "./requestContext";

/**
 * The ready `<script>` tag that hands the current request's id to the browser SDK
 * (`window.__aid={"id":…,"minted":…}`), escaped for inline use (`<`, `>`, `&`, U+2028,
 * U+2029): put it in `<head>` before the SDK loads, so the browser's events and the
 * server's share one `anonymous_id` from the very first page. `""` when the request has no
 * id (the browser SDK then keeps its own).
 *
 * Outside a request handled by `withMillimetric()` it throws in development (logs once
 * and returns `""` in production); where the runtime has no AsyncLocalStorage use
 * `millimetricOf(request).aidScript()`.
 *
 * @example
 * ```ts
 * app.get("/", (c) => c.html(`<!doctype html><head>${aidScript({ nonce })}<script src="/app.js"></script></head>`));
 * ```
 */
export function aidScript(options: AidScriptOptions = {}): string {
  const context = getContext() as FetchContext | undefined;
  const visitor = context?.[VISITOR];
  if (visitor) return visitor.aidScript(options);
  // Another adapter's request context (an Express or Fastify server in front).
  if (context?.anonymous_id) return renderAidScript({ id: context.anonymous_id, minted: context.minted === true }, { nonce: options?.nonce });
  if (!context) kit.missingContext("aidScript", "so there is no visitor id to hand to the browser");
  return "";
}
