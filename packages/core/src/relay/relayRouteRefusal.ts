import { RELAY_DEFAULT_PATH } from "./relayLimits";
import { relayAnswer } from "./relayAnswer";

/** The only routes a relay forwards: the two a browser writes events to. */
const RELAYED = new Set(["/v1/batch", "/v1/track"]);

/**
 * The relay's answer to a request it never forwards, from its method and path alone
 * (no `Request` needed, so it also answers methods a `Request` cannot be made with —
 * `TRACE`, `CONNECT`, `TRACK`): 404 `not_found` for a path other than `<path>/v1/batch`
 * and `<path>/v1/track`, then 405 `method_not_allowed` with `Allow: POST` for any method
 * but `POST` (`OPTIONS` included: the relay is same-origin, nothing to preflight).
 * Undefined when the request is one to forward.
 *
 * @param path the relay's mount point (`""` when `pathname` is already relative to it)
 * @example
 * ```ts
 * relayRouteRefusal("TRACE", "/_mm/v1/batch", "/_mm")?.status // 405
 * relayRouteRefusal("POST", "/_mm/v1/batch", "/_mm") // undefined: forward it
 * ```
 */
export function relayRouteRefusal(method: string, pathname: string, path: string = RELAY_DEFAULT_PATH): Response | undefined {
  const prefix = path.replace(/\/+$/, "");
  const route = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : "";
  if (!RELAYED.has(route)) {
    return relayAnswer(404, "not_found", `[millimetric] the relay forwards ${prefix}/v1/batch and ${prefix}/v1/track only (got ${pathname.slice(0, 200)})`);
  }
  if (method !== "POST") {
    return relayAnswer(405, "method_not_allowed", `[millimetric] ${prefix}${route} answers POST only`, { Allow: "POST" });
  }
  return undefined;
}
