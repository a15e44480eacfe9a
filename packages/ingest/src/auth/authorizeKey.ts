import type { Authenticated } from "./createAuthenticator";
import { requireAllowedOrigin } from "./requireAllowedOrigin";
import type { KeyRule, RouteRequest } from "../server/Route";

/**
 * Applies a route's {@link KeyRule}: a known key (401 otherwise), of a kind the route
 * accepts (the rule's 403 otherwise) and, for a `pk_` key, from an allowed Origin.
 *
 * @example
 * ```ts
 * const key = authorizeKey(request, { kinds: ["rk", "sk"], keyInQuery: false, refuse: cannotReadEvents });
 * ```
 */
export function authorizeKey({ ctx, req, query }: RouteRequest, rule: KeyRule): Authenticated {
  const key = ctx.authenticate(req, query, rule.keyInQuery);
  if (!rule.kinds.includes(key.kind)) throw rule.refuse(key.kind);
  if (key.kind === "pk") requireAllowedOrigin(ctx, req.headers.origin);
  return key;
}
