import { DEFAULT_HOST, MillimetricTypeError, RELAY_COOKIE, RELAY_DEFAULT_PATH, relayPathOrUndefined, relayRequest } from "@millimetric/core";
import type { NextRequest } from "next/server.js";
import type { NextRelayOptions } from "./relayOptions";

/** What withMillimetric() keeps of its `relay` option, built once. */
export interface RelayProxy {
  /** The relay's path, `/_mm`. */
  path: string;
  /** Forwards one relayed request to the ingest (see core's relayRequest). */
  forward(request: NextRequest): Promise<Response>;
  /** The `mm_relay` cookie, for http and for https. */
  cookie(secure: boolean): string;
}

/** A day: a browser learns of a relay turned off within that, and the cookie is re-set about once a day. */
const RELAY_COOKIE_MAX_AGE = 86_400;

/**
 * The relay of `withMillimetric({ relay })`: the path it answers, the forwarding, and the
 * `mm_relay` cookie that tells `<MillimetricProvider>` to send there.
 *
 * @throws MillimetricTypeError `invalid_config` when the path is not a plain absolute path.
 */
export function relayProxy(option: string | NextRelayOptions): RelayProxy {
  const o: NextRelayOptions = typeof option === "string" ? { path: option } : option;
  const path = relayPathOrUndefined(o.path ?? RELAY_DEFAULT_PATH);
  if (path === undefined) {
    throw new MillimetricTypeError(
      "invalid_config",
      `[millimetric] withMillimetric({ relay }) must be an absolute path such as "/_mm" (got ${JSON.stringify(o.path)})`,
    );
  }
  const plain = `${RELAY_COOKIE}=${path}; Path=/; Max-Age=${RELAY_COOKIE_MAX_AGE}; SameSite=Lax`;
  return {
    path,
    forward: (request) =>
      relayRequest(request, {
        // Literal reads, so a bundler that inlines server env vars sees them.
        host: o.host ?? process.env.MILLIMETRIC_HOST ?? DEFAULT_HOST,
        path,
        maxBodyBytes: o.maxBodyBytes,
        timeoutMs: o.timeoutMs,
        fetch: o.fetch,
        clientIp: (o.clientIp ?? platformClientIp)(request),
      }),
    cookie: (secure) => (secure ? `${plain}; Secure` : plain),
  };
}

/** The client IP the platform in front of Next reports: `x-real-ip`, else the first X-Forwarded-For entry. */
function platformClientIp(request: NextRequest): string | undefined {
  const real = request.headers.get("x-real-ip")?.trim();
  if (real) return real;
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined;
}
