import { keyKind } from "../delivery/keyKind";
import { isProduction } from "../errors/isProduction";
import { readCappedBytes } from "./readCappedBytes";
import { relayAnswer as answer } from "./relayAnswer";
import { RELAY_DEFAULT_PATH, RELAY_MAX_BODY_BYTES } from "./relayLimits";
import type { RelayOptions } from "./relayOptions";
import { relayRouteRefusal } from "./relayRouteRefusal";

/**
 * The upstream answer headers the browser gets back. Everything else (Set-Cookie above
 * all, also the ingest's CORS headers, which mean nothing on the app's origin) stays behind.
 */
const ANSWER_HEADERS = ["content-type", "retry-after"] as const;

/**
 * A first-party relay for browser events, on Web-standard `Request`/`Response`: forwards
 * a browser's `POST <path>/v1/batch` or `<path>/v1/track` to `<host>/v1/…`, so the SDK
 * can send to the app's own origin and ad blockers that block the ingest host miss it.
 *
 * Upstream it sends the browser key (`Authorization: Bearer pk_…`, or a beacon's `?key=`),
 * `Content-Type`, the visitor's `Origin` and `User-Agent`, and `X-Forwarded-For` with
 * `clientIp` appended — nothing else: no Cookie, no other header, no other query
 * parameter. The body goes on as the bytes that arrived (never decoded, so never larger).
 * Anything but a `pk_` key is refused with 403 (a relay must never carry a
 * secret key), a body over `maxBodyBytes` with 413, both without contacting the ingest.
 * The ingest's answer comes back as it is (status, body, `Content-Type`, `Retry-After`:
 * its origin check and rate limit reach the SDK), never its `Set-Cookie`. An unreachable
 * ingest is a 502 `upstream_failed` that does not name the ingest's address (logged in
 * development only). Other paths are 404 `not_found`, other methods 405 with `Allow: POST`
 * (see {@link relayRouteRefusal}, for a server that must answer before making a `Request`).
 *
 * @example
 * ```ts
 * // any Web-standard server (Next route handler, Hono, Bun.serve, Workers)
 * if (new URL(request.url).pathname.startsWith("/_mm/")) {
 *   return relayRequest(request, { host: "https://api.millimetric.ai", clientIp });
 * }
 * ```
 */
export async function relayRequest(request: Request, options: RelayOptions): Promise<Response> {
  const url = new URL(request.url);
  const prefix = (options.path ?? RELAY_DEFAULT_PATH).replace(/\/+$/, "");
  const pathname = options.pathname ?? url.pathname;
  const refusal = relayRouteRefusal(request.method, pathname, prefix);
  if (refusal) return refusal;
  const route = pathname.slice(prefix.length);

  // The key: the Authorization header, or the `key` parameter of a sendBeacon (which
  // cannot set headers). Only a browser key passes, and is the only parameter forwarded.
  const authorization = request.headers.get("authorization");
  const queryKey = url.searchParams.get("key");
  const key = authorization !== null ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : queryKey;
  if (key == null) {
    return answer(401, "missing_bearer_token", "[millimetric] the relay needs the browser key: send Authorization: Bearer pk_… (the SDK does)");
  }
  if (keyKind(key) !== "pk") {
    return answer(
      403,
      "insufficient_scope",
      "[millimetric] the relay forwards browser (pk_) keys only: a secret key must never pass through a browser. " +
        "Send server events straight to the ingest with the sk_ key.",
    );
  }

  const maxBodyBytes = options.maxBodyBytes ?? RELAY_MAX_BODY_BYTES;
  const body = await readCappedBody(request, maxBodyBytes);
  if (body === undefined) {
    return answer(413, "invalid_payload", `[millimetric] the relay forwards bodies of at most ${maxBodyBytes} bytes; send fewer or smaller events per request`, {}, {
      fieldErrors: { body: `must be at most ${maxBodyBytes} bytes` },
      limit_bytes: maxBodyBytes,
    });
  }

  const headers = new Headers();
  if (authorization !== null) headers.set("authorization", `Bearer ${key}`);
  for (const name of ["content-type", "origin", "user-agent"]) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const forwardedFor = joinForwardedFor(request.headers.get("x-forwarded-for"), options.clientIp);
  if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);

  const target = new URL(options.host.replace(/\/*$/, "") + route);
  if (authorization === null) target.searchParams.set("key", key);
  const send = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let upstream: Response;
  try {
    upstream = await send(target, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // The ingest's address is the app's own business: logged on the server, in development only.
    if (!isProduction()) console.error(`[millimetric] the relay could not reach the ingest at ${target.origin} (${describe(err)}); check the relay's host`);
    return answer(502, "upstream_failed", "[millimetric] the analytics ingest could not be reached; the events were not delivered (retry later)");
  }
  const out = new Headers({ "cache-control": "no-store" });
  for (const name of ANSWER_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

/**
 * The body as the bytes that arrived when it fits in `max`, else undefined:
 * `Content-Length` decides first, then the bytes are counted as they arrive and reading
 * stops at the cap. Never decoded: invalid UTF-8 decoded would grow (each bad byte a
 * three-byte U+FFFD) past the cap it was checked against.
 */
async function readCappedBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (Number(request.headers.get("content-length")) > max) return undefined;
  // One byte over the cap is enough to know it is too big (and stops reading there).
  const { bytes, truncated } = await readCappedBytes(request.body, max + 1);
  return truncated ? undefined : bytes;
}

function joinForwardedFor(existing: string | null, clientIp: string | undefined): string | undefined {
  const ip = clientIp?.trim();
  const chain = existing?.trim();
  if (!ip) return chain || undefined;
  return chain ? `${chain}, ${ip}` : ip;
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string } })?.cause?.code;
  const name = (err as { name?: string })?.name;
  return cause ?? (name === "TimeoutError" ? "no answer in time" : String((err as Error)?.message ?? err));
}
