import type { NextRequest } from "next/server.js";

/** The relay of {@link withMillimetric}, in full (`relay: "/_mm"` is `{ path: "/_mm" }`). */
export interface NextRelayOptions {
  /**
   * Where the relay answers: `<path>/v1/batch` and `<path>/v1/track`. Like every path in
   * Next's config (the matcher, redirects), it is relative to your `basePath`: with
   * `basePath: "/docs"`, `"/_mm"` answers `/docs/_mm/v1/batch`, and the browser is told so.
   * @default "/_mm"
   * @example withMillimetric({ relay: { path: "/stats" } })
   */
  path?: string;
  /**
   * The ingest host events are forwarded to. Read on each relayed request, so a
   * variable set at run time counts.
   * @default process.env.MILLIMETRIC_HOST (the /server helpers' variable), else "https://api.millimetric.ai"
   * @example withMillimetric({ relay: { host: "http://127.0.0.1:8787" } })
   */
  host?: string;
  /**
   * The largest body forwarded, in bytes; a bigger one is answered 413 and never reaches the ingest.
   * @default 1048576 (1 MiB, the ingest's own cap for /v1/batch)
   * @example withMillimetric({ relay: { maxBodyBytes: 256 * 1024 } })
   */
  maxBodyBytes?: number;
  /**
   * How many proxies in front of Next append to `X-Forwarded-For` (Express's numeric
   * `trust proxy`). Each appends the address that connected to it, so the visitor's IP is
   * the entry the outermost one appended: with 1, the last entry; with 2 (a CDN in front of
   * a load balancer), the one before it. Entries before that are whatever the visitor sent
   * and are never believed. A positive integer; anything else throws `invalid_config` when
   * `withMillimetric()` is called.
   * @default 1 (one proxy or platform in front: nginx, AWS ALB, Google Cloud load balancers, Vercel)
   * @example withMillimetric({ relay: { path: "/_mm", trustedProxies: 2 } })
   */
  trustedProxies?: number;
  /**
   * A header your proxy sets (replacing any value the visitor sent) to the visitor's
   * address, read instead of `X-Forwarded-For` when the request has it: `"x-real-ip"`
   * (nginx's `proxy_set_header X-Real-IP $remote_addr`), `"cf-connecting-ip"`,
   * `"fly-client-ip"`. Name one only when your proxy sets it: otherwise it is the
   * visitor's word.
   * @default undefined (no such header is believed; `X-Forwarded-For` and `trustedProxies` decide)
   * @example withMillimetric({ relay: { path: "/_mm", clientIpHeader: "x-real-ip" } })
   */
  clientIpHeader?: string;
  /**
   * The visitor's IP, appended to `X-Forwarded-For` upstream (the ingest records the last
   * entry): your own rule, replacing `trustedProxies` and `clientIpHeader`. On a bare
   * `next start` with nothing in front, `X-Forwarded-For` is the visitor's own when they
   * send one (Next adds the connecting address only to a request without it), so the IP
   * is the visitor's word there unless you put a proxy in front.
   * @default (request) => the `clientIpHeader` when named and present, else the X-Forwarded-For entry `trustedProxies` hops from the end
   * @example withMillimetric({ relay: { clientIp: (req) => req.headers.get("cf-connecting-ip") ?? undefined } })
   */
  clientIp?: (request: NextRequest) => string | undefined;
  /**
   * How long to wait for the ingest before answering 502.
   * @default 10000
   * @example withMillimetric({ relay: { timeoutMs: 3000 } })
   */
  timeoutMs?: number;
  /**
   * The `fetch` used to reach the ingest.
   * @default globalThis.fetch
   * @example withMillimetric({ relay: { fetch: instrumentedFetch } })
   */
  fetch?: typeof fetch;
}
