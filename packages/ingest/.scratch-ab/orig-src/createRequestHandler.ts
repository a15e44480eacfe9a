import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkBatchBody } from "./checkBatchBody";
import { checkForgetBody } from "./checkForgetBody";
import { checkIdentifyBody } from "./checkIdentifyBody";
import { checkTrackBody } from "./checkTrackBody";
import type { createAuthenticator } from "./createAuthenticator";
import type { EventStore } from "./EventStore";
import { HttpError } from "./HttpError";
import { parseJsonObject } from "./parseJsonObject";
import { parseQueryParams } from "./parseQueryParams";
import { parseUserAgent, type UserAgentFacts } from "./parseUserAgent";
import type { LimitedRoute, RateLimiter } from "./RateLimiter";
import { readBody } from "./readBody";
import { renderEventsBody } from "./renderEventsBody";
import { renderEventsPage } from "./renderEventsPage";
import { sendJson } from "./sendJson";
import { toStoredEvent, type ArrivalContext } from "./toStoredEvent";

/** What the handler needs from {@link startIngest}. */
export interface HandlerContext {
  store: EventStore;
  authenticate: ReturnType<typeof createAuthenticator>;
  isAllowedOrigin: (origin: string) => boolean;
  allowedOrigins: readonly string[];
  /** The Host rule (loopback names and addresses, plus `allowedHosts`). */
  isAllowedHost: (host: string | undefined) => boolean;
  allowedHosts: readonly string[];
  limiter: RateLimiter;
  /** Path of a.js, resolved per request; undefined when the SDK package is missing. */
  scriptPath: () => string | undefined;
  onError: (error: unknown) => void;
  /** True once close() was called: answers then carry `Connection: close`. */
  isClosing: () => boolean;
  /** The rate-limit bucket owner (one local project). */
  project: string;
}

type Write = "track" | "batch" | "identify" | "forget";
interface Route {
  method: "GET" | "POST";
  write?: Write;
  limit?: LimitedRoute;
  maxBytes?: number;
}

const KIB = 1024;
const ROUTES: Record<string, Route> = {
  "/v1/track": { method: "POST", write: "track", limit: "track", maxBytes: 64 * KIB },
  "/v1/batch": { method: "POST", write: "batch", limit: "batch", maxBytes: 1024 * KIB },
  "/v1/identify": { method: "POST", write: "identify", limit: "track", maxBytes: 64 * KIB },
  "/v1/forget": { method: "POST", write: "forget", maxBytes: 16 * KIB },
  "/v1/query": { method: "GET" },
  "/v1/a.js": { method: "GET" },
  "/": { method: "GET" },
};
const NO_AGENT: UserAgentFacts = { browser: null, os: null, device_type: null };

/**
 * The ingest API and the events page as one `node:http` request listener. Every
 * answer that is not a success is `{"error": "<code>", "details": {...}}`; a hostile
 * or broken request gets a 4xx, never a crash.
 *
 * @example
 * ```ts
 * http.createServer(createRequestHandler(ctx)).listen(8787);
 * ```
 */
export function createRequestHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(ctx, req, res).catch((err) => fail(ctx, req, res, err));
  };
}

async function handle(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (ctx.isClosing()) res.setHeader("Connection", "close");
  // First, before any route: a rebound name (attacker.example → 127.0.0.1) must read nothing.
  const host = req.headers.host;
  if (!ctx.isAllowedHost(host)) throw hostNotAllowed(ctx, req, host);
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  const pathname = q === -1 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q === -1 ? "" : raw.slice(q + 1));
  const origin = req.headers.origin;
  const api = pathname.startsWith("/v1/");
  if (api) {
    res.setHeader("Vary", "Origin");
    if (origin !== undefined && ctx.isAllowedOrigin(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", "Retry-After");
    }
  }
  const route = Object.prototype.hasOwnProperty.call(ROUTES, pathname) ? ROUTES[pathname] : undefined;
  if (!route) {
    throw new HttpError(404, "not_found", {
      message: `[millimetric] no route ${pathname.slice(0, 200)}; routes: ${Object.keys(ROUTES).join(", ")}`,
    });
  }
  const method = req.method === "HEAD" ? "GET" : req.method;
  if (method === "OPTIONS" && api) return preflight(ctx, res, origin, route);
  if (method !== route.method) {
    throw new HttpError(
      405,
      "method_not_allowed",
      { message: `[millimetric] ${pathname} answers ${route.method} only` },
      {},
      { Allow: api ? `${route.method}, OPTIONS` : route.method },
    );
  }
  if (route.write) return write(ctx, req, res, query, origin, route, route.write);
  if (pathname === "/v1/query") return read(ctx, req, res, query);
  if (pathname === "/v1/a.js") return script(ctx, res);
  return page(ctx, res, query);
}

function preflight(ctx: HandlerContext, res: ServerResponse, origin: string | undefined, route: Route): void {
  if (origin === undefined || !ctx.isAllowedOrigin(origin)) throw originNotAllowed(ctx, origin);
  res.writeHead(204, {
    "Access-Control-Allow-Methods": `${route.method}, OPTIONS`,
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
    "Content-Length": "0",
  });
  res.end();
}

async function write(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  origin: string | undefined,
  route: Route,
  kind: Write,
): Promise<void> {
  const key = ctx.authenticate(req, query, true);
  if (kind === "forget" && key.kind !== "sk") {
    throw new HttpError(403, "forget_requires_secret_key", {
      message: "[millimetric] /v1/forget deletes data: call it from your server with the sk_ key",
      key_kind: key.kind,
    });
  }
  if (key.kind !== "pk" && key.kind !== "sk") {
    throw new HttpError(403, "insufficient_scope", {
      message: `[millimetric] a ${key.kind}_ key cannot write events; use pk_ in a browser or sk_ on a server`,
      key_kind: key.kind,
    });
  }
  if (key.kind === "pk" && (origin === undefined || !ctx.isAllowedOrigin(origin))) throw originNotAllowed(ctx, origin);
  if (route.limit) {
    const waitMs = ctx.limiter.take(ctx.project, route.limit);
    if (waitMs > 0) throw rateLimited(ctx, route.limit, waitMs);
  }
  const body = parseJsonObject(await readBody(req, route.maxBytes!));
  const now = Date.now();
  const arrival: ArrivalContext = {
    source: key.kind === "pk" ? "browser" : "server",
    now,
    receivedAt: new Date(now).toISOString(),
    // A server's User-Agent says "node", not who the visitor is.
    agent: key.kind === "pk" ? parseUserAgent(req.headers["user-agent"]) : NO_AGENT,
  };
  switch (kind) {
    case "track": {
      const event = checkTrackBody(body, now);
      ctx.store.insert([toStoredEvent(event, arrival)]);
      return sendJson(res, 202, { ok: true, event_id: event.event_id ?? null });
    }
    case "batch": {
      const events = checkBatchBody(body, now);
      ctx.store.insert(events.map((e) => toStoredEvent(e, arrival)));
      return sendJson(res, 202, { ok: true, count: events.length });
    }
    case "identify": {
      ctx.store.insert([toStoredEvent(checkIdentifyBody(body, now), arrival)]);
      return sendJson(res, 200, { ok: true });
    }
    case "forget": {
      ctx.store.forget(checkForgetBody(body));
      return sendJson(res, 200, { ok: true, queued: true });
    }
  }
}

function read(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
  // No key in the URL here: read keys must never end up in logs.
  const key = ctx.authenticate(req, query, false);
  if (key.kind !== "rk" && key.kind !== "sk") {
    throw new HttpError(403, "insufficient_scope", {
      message: `[millimetric] reading events needs the rk_ (or sk_) key, not a ${key.kind}_ key`,
      key_kind: key.kind,
    });
  }
  sendJson(res, 200, { events: ctx.store.query(parseQueryParams(query)) });
}

async function script(ctx: HandlerContext, res: ServerResponse): Promise<void> {
  const path = ctx.scriptPath();
  let source: Buffer | undefined;
  try {
    if (path !== undefined) source = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (source === undefined) {
    throw new HttpError(503, "script_unavailable", {
      message:
        "[millimetric] the browser SDK's script-tag build is not there yet: build it with " +
        "`npm run build -w @millimetric/track` (it is @millimetric/track's dist/a.js), then reload",
      path: path ?? null,
    });
  }
  res.writeHead(200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Content-Length": source.length,
    "Cache-Control": "no-cache",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(source);
}

function page(ctx: HandlerContext, res: ServerResponse, query: URLSearchParams): void {
  const data = ctx.store.loadEventsPage();
  const nonce = randomBytes(16).toString("base64");
  const partial = query.get("partial") === "1";
  const html = partial ? renderEventsBody(data, Date.now()) : renderEventsPage(data, { nonce });
  res.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(html),
    "Cache-Control": "no-store",
    "Content-Security-Policy":
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; ` +
      "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  res.end(html);
}

function originNotAllowed(ctx: HandlerContext, origin: string | undefined): HttpError {
  return new HttpError(403, "origin_not_allowed", {
    message:
      origin === undefined
        ? "[millimetric] a pk_ key works only from a web page (an Origin header); from a server use the sk_ key"
        : `[millimetric] ${origin.slice(0, 200)} is not an allowed origin; add it to allowedOrigins`,
    origin: origin === undefined ? null : origin.slice(0, 200),
    allowed_origins: ctx.allowedOrigins,
  });
}

function hostNotAllowed(ctx: HandlerContext, req: IncomingMessage, host: string | undefined): HttpError {
  const port = req.socket.localPort;
  return new HttpError(421, "host_not_allowed", {
    message:
      (host === undefined
        ? "[millimetric] this request has no Host header (HTTP/1.0?), and the local ingest answers only requests addressed to it by name"
        : `[millimetric] Host ${host.slice(0, 200)} is not a loopback name or address, so the local ingest does not answer it ` +
          "(a page whose DNS turned into 127.0.0.1 must not read your events)") +
      `: open it as http://127.0.0.1:${port} or http://localhost:${port}, or add the name to allowedHosts ` +
      "(CLI --allowed-host, env MILLIMETRIC_INGEST_ALLOWED_HOSTS)",
    host: host === undefined ? null : host.slice(0, 200),
    allowed_hosts: ctx.allowedHosts,
  });
}

function rateLimited(ctx: HandlerContext, route: LimitedRoute, waitMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const limit = ctx.limiter.limit(route);
  return new HttpError(
    429,
    "rate_limited",
    {
      message: `[millimetric] too many ${route} requests for this project; retry after ${seconds}s (SDKs do this for you)`,
      route,
      limit: limit ? { rate_per_second: limit.ratePerSecond, burst: limit.burst } : null,
    },
    { retry_after_s: seconds },
    { "Retry-After": String(seconds) },
  );
}

function fail(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  // The client went away mid-request: nobody to answer.
  if (req.socket.destroyed || res.writableEnded) return;
  if (res.headersSent) {
    ctx.onError(err);
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    sendJson(res, err.status, { error: err.code, details: err.details, ...err.extra }, err.headers);
    return;
  }
  ctx.onError(err);
  sendJson(res, 500, {
    error: "internal_error",
    details: { message: "[millimetric] the local ingest server failed on this request; its console has the stack" },
  });
}
