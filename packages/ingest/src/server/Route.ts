import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticated } from "../auth/createAuthenticator";
import type { HandlerContext } from "./HandlerContext";
import type { HttpError } from "./HttpError";
import type { KeyKind } from "../auth/parseApiKey";
import type { LimitedRoute } from "../auth/RateLimiter";

/** What every handler is given. */
export interface RouteRequest {
  ctx: HandlerContext;
  req: IncomingMessage;
  res: ServerResponse;
  /** The parsed query string of the request target. */
  query: URLSearchParams;
}

/** What a write handler is given: the request once its key, rate limit and body have passed. */
export interface WriteRequest extends RouteRequest {
  key: Authenticated;
  /** The body, read within the route's cap and parsed as one JSON object. */
  body: Record<string, unknown>;
}

/** Which keys may call a route. */
export interface KeyRule {
  /** The key kinds the route accepts. A `pk_` key must also come with an allowed `Origin`. */
  kinds: readonly KeyKind[];
  /**
   * Whether the `key` query parameter is read when no `Authorization` header is sent.
   * The page-exit beacon cannot set headers, so it carries its `pk_` key there; the
   * authenticator refuses any other kind in a URL (URLs end up in logs).
   */
  keyInQuery: boolean;
  /** The 403 answer for a valid key of any other kind. */
  refuse: (kind: KeyKind) => HttpError;
}

/** A `POST` route: it always takes a key and a JSON body. */
export interface WriteRoute {
  method: "POST";
  path: string;
  keys: KeyRule;
  /** The token bucket it spends from; absent means not rate-limited. */
  rateLimitBucket?: LimitedRoute;
  /** The largest body accepted, in bytes; over it the answer is 413. */
  maxBodyBytes: number;
  handle: (request: WriteRequest) => void | Promise<void>;
}

/** A `GET` route (answering `HEAD` too): no body, not rate-limited, a key only if `keys` says so. */
export interface ReadRoute {
  method: "GET";
  path: string;
  keys?: KeyRule;
  handle: (request: RouteRequest) => void | Promise<void>;
}

/** One row of the route table: one path, one method. */
export type Route = WriteRoute | ReadRoute;
