import type { IncomingMessage, ServerResponse } from "node:http";
import { MillimetricTypeError, relayRequest } from "@millimetric/core";
import { isRelayPath, relayPathOrUndefined, relayRouteRefusal } from "@millimetric/core/internal";
import { DEFAULT_HOST } from "@millimetric/track-node";
import type { MillimetricMiddleware } from "./millimetric";
import type { MillimetricRelayOptions } from "./MillimetricRelayOptions";

/** What Express adds to a request that the relay reads: the trust-proxy-aware client IP, a parsed body. */
interface ExpressRequest extends IncomingMessage {
  ip?: string;
  body?: unknown;
  /** Set by body-parser (express.json(), express.text(), …) once it has read the body. */
  _body?: boolean;
}

/**
 * A first-party relay for browser events (Express 4 and 5): the browser SDK sends to the
 * app's own origin (`/_mm/v1/batch`), which ad blockers leave alone, and the relay
 * forwards it to the ingest with the visitor's `pk_` key, `Origin`, `User-Agent` and IP
 * (`req.ip`, so it follows your `trust proxy` setting) in `X-Forwarded-For` — and no
 * cookie, no other header. Secret keys are refused (403), bodies over the cap too (413);
 * the ingest's answer, its 429 and `Retry-After` included, reaches the browser as is.
 *
 * Mount it before body parsers. Behind `express.json()`/`express.text()` it still works:
 * the parsed body is serialised again (JSON for an object, as is for a string or Buffer),
 * so a batch parsed by `express.json()` is forwarded intact, within that parser's own limit.
 *
 * @example
 * ```ts
 * app.use("/_mm", millimetricRelay());
 * app.use(millimetric());
 * // in the page: init({ key: "pk_…", host: location.origin + "/_mm" })
 * ```
 */
export function millimetricRelay(options: MillimetricRelayOptions = {}): MillimetricMiddleware {
  if (typeof (options as { setHeader?: unknown }).setHeader === "function" || typeof (options as { method?: unknown }).method === "string") {
    throw new MillimetricTypeError(
      "invalid_argument",
      "[millimetric] millimetricRelay was mounted itself: it is a function that returns the middleware. Write app.use(\"/_mm\", millimetricRelay()) with the call parentheses.",
    );
  }
  const path = options.path ? relayPathOrUndefined(options.path) : "";
  if (path === undefined) {
    throw new MillimetricTypeError(
      "invalid_config",
      `[millimetric] millimetricRelay({ path }) must be an absolute path such as "/_mm" (got ${JSON.stringify(options.path)})`,
    );
  }

  return function millimetricRelayMiddleware(rawReq, res, next) {
    const req = rawReq as ExpressRequest;
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);
    if (path && !isRelayPath(pathname, path)) return next();
    // Other routes and methods are answered before a Request is made: `new Request()`
    // refuses TRACE, TRACK and CONNECT, which would surface as a 500 with a stack trace.
    const refusal = relayRouteRefusal(req.method ?? "", pathname, path);
    const answered = refusal ? send(req, res, refusal) : relay(req, res, path, options);
    answered.catch((err: unknown) => {
      // Only the visitor's own connection can fail here (relayRequest answers the ingest's failures).
      if (res.headersSent) res.destroy();
      else next(err);
    });
  };
}

async function relay(req: ExpressRequest, res: ServerResponse, path: string, options: MillimetricRelayOptions): Promise<void> {
  const headers = new Headers();
  for (const name of ["authorization", "content-type", "content-length", "origin", "user-agent", "x-forwarded-for"]) {
    const value = req.headers[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const parsed = req._body === true || req.readableEnded;
  if (parsed) headers.delete("content-length");
  // Only a POST to a relayed route gets here (relayRouteRefusal answered the rest).
  const request = new Request(`http://relay.invalid${req.url ?? "/"}`, {
    method: "POST",
    headers,
    body: parsed ? reserialized(req.body) : bodyStream(req),
    duplex: "half",
  } as RequestInit);
  const answer = await relayRequest(request, {
    host: options.host ?? process.env.MILLIMETRIC_HOST ?? DEFAULT_HOST,
    path,
    maxBodyBytes: options.maxBodyBytes,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    clientIp: req.ip ?? req.socket.remoteAddress,
  });
  await send(req, res, answer);
}

/** Writes the relay's answer on the Node response. */
async function send(req: ExpressRequest, res: ServerResponse, answer: Response): Promise<void> {
  const body = Buffer.from(await answer.arrayBuffer());
  res.statusCode = answer.status;
  answer.headers.forEach((value, name) => res.setHeader(name, value));
  res.setHeader("content-length", body.byteLength);
  // Refused before its body was read (413 by Content-Length, 403, 404, 405): the rest of that
  // body is still on the connection, so it cannot carry another request.
  if (!req.complete) res.setHeader("connection", "close");
  res.end(body);
}

/** A body a parser already read, as bytes again: an object as JSON, a string or Buffer as it was. */
function reserialized(body: unknown): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return body;
  return JSON.stringify(body);
}

/**
 * The request body as a Web stream. Unlike `Readable.toWeb`, cancelling it (the relay
 * stops reading at its cap) drains and drops the rest instead of destroying the socket,
 * so the visitor still gets the 413.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let onData: (chunk: Buffer) => void;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onData = (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      req.on("data", onData);
      // After a cancel the stream is closed already; a late end or abort changes nothing.
      req.once("end", () => settle(() => controller.close()));
      req.once("error", (err) => settle(() => controller.error(err)));
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.off("data", onData);
      req.resume();
    },
  });
}

function settle(step: () => void): void {
  try {
    step();
  } catch {
    // the stream was cancelled: nobody reads it any more
  }
}
