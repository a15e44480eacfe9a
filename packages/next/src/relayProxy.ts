import { DEFAULT_HOST, MillimetricTypeError, RELAY_COOKIE, RELAY_DEFAULT_PATH, relayRequest } from "@millimetric/core";
import { forwardedClientIp, isRelayPath, relayPathOrUndefined } from "@millimetric/core/internal";
import type { NextRequest } from "next/server.js";
import type { NextRelayOptions } from "./relayOptions";

/** What withMillimetric() keeps of its `relay` option, built once. */
export interface RelayProxy {
  /** The relay's path as configured, relative to the app's basePath: `/_mm`. */
  path: string;
  /** Whether this request is one of the relay's (matched on `nextUrl.pathname`, as Next routes it: no basePath, no locale). */
  matches(request: NextRequest): boolean;
  /** Forwards one relayed request to the ingest (see core's relayRequest), routed on the path it was matched on. */
  forward(request: NextRequest): Promise<Response>;
  /** The path the browser sends to, basePath included (`/docs/_mm`): the `mm_relay` cookie's value. */
  browserPath(basePath: string): string;
  /** The `mm_relay` cookie, for http and for https, scoped to the app's basePath. */
  cookie(secure: boolean, basePath: string): string;
}

/** A day: a browser learns of a relay turned off within that, and the cookie is re-set about once a day. */
const RELAY_COOKIE_MAX_AGE = 86_400;

/**
 * The relay of `withMillimetric({ relay })`: the path it answers, the forwarding, and the
 * `mm_relay` cookie that tells `<MillimetricProvider>` to send there.
 *
 * @throws MillimetricTypeError `invalid_config` when the path is not a plain absolute path,
 * `trustedProxies` not a positive integer, or `clientIpHeader` not a header name.
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
  const clientIp = o.clientIp ?? platformClientIp(trustedProxiesOf(o.trustedProxies), clientIpHeaderOf(o.clientIpHeader));
  const browserPath = (basePath: string) => (relayPathOrUndefined(basePath) ?? "") + path;
  return {
    path,
    matches: (request) => isRelayPath(request.nextUrl.pathname, path),
    forward: (request) =>
      relayRequest(request, {
        // Literal reads, so a bundler that inlines server env vars sees them.
        host: o.host ?? process.env.MILLIMETRIC_HOST ?? DEFAULT_HOST,
        path,
        // request.url keeps the basePath (and locale) that nextUrl.pathname, the path matched, leaves out.
        pathname: request.nextUrl.pathname,
        maxBodyBytes: o.maxBodyBytes,
        timeoutMs: o.timeoutMs,
        fetch: o.fetch,
        clientIp: clientIp(request),
      }),
    browserPath,
    cookie: (secure, basePath) => {
      const plain = `${RELAY_COOKIE}=${browserPath(basePath)}; Path=${relayPathOrUndefined(basePath) ?? "/"}; Max-Age=${RELAY_COOKIE_MAX_AGE}; SameSite=Lax`;
      return secure ? `${plain}; Secure` : plain;
    },
  };
}

/**
 * The default rule for the visitor's IP: the header the app says its proxy sets, when the
 * request has it, else the X-Forwarded-For entry the outermost trusted proxy appended.
 */
function platformClientIp(trustedProxies: number, header: string | undefined): (request: NextRequest) => string | undefined {
  return (request) => (header && request.headers.get(header)?.trim()) || forwardedClientIp(request.headers.get("x-forwarded-for"), trustedProxies);
}

function trustedProxiesOf(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1) {
    throw new MillimetricTypeError(
      "invalid_config",
      `[millimetric] withMillimetric({ relay: { trustedProxies } }) must be a positive integer, the number of proxies in front of Next that append to X-Forwarded-For (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

function clientIpHeaderOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(value)) {
    throw new MillimetricTypeError(
      "invalid_config",
      `[millimetric] withMillimetric({ relay: { clientIpHeader } }) must be a header name such as "x-real-ip" (got ${JSON.stringify(value)})`,
    );
  }
  return value.toLowerCase();
}
