import type { IncomingMessage, ServerResponse } from "node:http";
import { answerFailure } from "./answerFailure";
import { authorizeKey } from "../auth/authorizeKey";
import { answerPreflight, setCorsHeaders } from "./cors";
import { findRoute } from "./findRoute";
import type { HandlerContext } from "./HandlerContext";
import { methodNotAllowed } from "./methodNotAllowed";
import { parseJsonObject } from "../writes/parseJsonObject";
import { readBody } from "./readBody";
import { requireAllowedHost } from "./requireAllowedHost";
import type { RouteRequest } from "./Route";
import { splitRequestTarget } from "./splitRequestTarget";
import { takeRateLimitToken } from "../auth/takeRateLimitToken";

/**
 * The ingest API and the events page as one `node:http` request listener: it applies
 * the policy of each row of `routeTable` in a fixed order, then calls the row's
 * handler. Every answer that is not a success is `{"error": "<code>", "details": {...}}`;
 * a hostile or broken request gets a 4xx, never a crash.
 *
 * @example
 * ```ts
 * http.createServer(createRequestHandler(ctx)).listen(8787);
 * ```
 */
export function createRequestHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    dispatch(ctx, req, res).catch((err) => answerFailure(ctx, req, res, err));
  };
}

async function dispatch(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (ctx.isClosing()) res.setHeader("Connection", "close");
  // First, before any route: a rebound name (attacker.example → 127.0.0.1) must read nothing.
  requireAllowedHost(ctx, req);
  const { pathname, query } = splitRequestTarget(req.url ?? "/");
  const isApiRoute = pathname.startsWith("/v1/");
  // Before the route lookup, so a page can read even the 404 of an API path.
  if (isApiRoute) setCorsHeaders(ctx, res, req.headers.origin);
  const route = findRoute(pathname);
  // node:http leaves the body out of an answer to HEAD, so HEAD is served as GET.
  const method = req.method === "HEAD" ? "GET" : req.method;
  if (method === "OPTIONS" && isApiRoute) return answerPreflight(ctx, res, req.headers.origin, route.method);
  if (method !== route.method) throw methodNotAllowed(route, isApiRoute);
  const request: RouteRequest = { ctx, req, res, query };
  if (route.method === "GET") {
    if (route.keys) authorizeKey(request, route.keys);
    return route.handle(request);
  }
  // Cheapest refusals first: the key and the rate limit are checked before the body is read.
  const key = authorizeKey(request, route.keys);
  if (route.rateLimitBucket) takeRateLimitToken(ctx, route.rateLimitBucket);
  const body = parseJsonObject(await readBody(req, route.maxBodyBytes));
  return route.handle({ ...request, key, body });
}
