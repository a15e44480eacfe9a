import type { NextRequest } from "next/server.js";

/** The relay of {@link withMillimetric}, in full (`relay: "/_mm"` is `{ path: "/_mm" }`). */
export interface NextRelayOptions {
  /**
   * Where the relay answers on the app's origin: `<path>/v1/batch` and `<path>/v1/track`.
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
   * The visitor's IP, appended to `X-Forwarded-For` upstream. The default trusts what the
   * platform in front of Next states (Vercel, most hosts and proxies set these); on a bare
   * `next start` with no proxy it is whatever the client sent, so pass your own rule there.
   * @default (request) => x-real-ip, else the first X-Forwarded-For entry
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
