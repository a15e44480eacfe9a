import type { IncomingMessage } from "node:http";
import type { HandlerContext } from "./HandlerContext";
import { HttpError } from "./HttpError";

/**
 * Throws 421 `host_not_allowed` unless the request's Host header is a loopback name or
 * address or on `allowedHosts`: a page whose DNS rebinds its own name to 127.0.0.1
 * must not read the events. Checked before any route.
 *
 * @example
 * ```ts
 * requireAllowedHost(ctx, req);
 * ```
 */
export function requireAllowedHost(ctx: HandlerContext, req: IncomingMessage): void {
  const host = req.headers.host;
  if (ctx.isAllowedHost(host)) return;
  const port = req.socket.localPort;
  throw new HttpError(421, "host_not_allowed", {
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
