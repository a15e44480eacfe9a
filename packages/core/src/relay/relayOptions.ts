/** Options of {@link relayRequest}. */
export interface RelayOptions {
  /**
   * The ingest host the relay forwards to (scheme, host, optional path; no `/v1`).
   * @example relayRequest(request, { host: "https://api.millimetric.ai" })
   * @example relayRequest(request, { host: "http://127.0.0.1:8787" })
   */
  host: string;
  /**
   * The path the relay is mounted at on the app's own origin: `<path>/v1/batch` and
   * `<path>/v1/track` are forwarded, anything else under it is a 404. `""` when the
   * request's URL is already relative to the mount point (Express's `app.use("/_mm", …)`).
   * @default "/_mm"
   * @example relayRequest(request, { host, path: "/stats" }) // the browser posts to /stats/v1/batch
   */
  path?: string;
  /**
   * The request's path as the adapter matched it against `path`, when its framework
   * routes on another one than `request.url`'s: Next's `nextUrl.pathname`, which leaves
   * out the `basePath` and locale that `request.url` keeps. The relay routes on this, so
   * the path that was matched is the path that is routed.
   * @default new URL(request.url).pathname
   * @example relayRequest(request, { host, path: "/_mm", pathname: request.nextUrl.pathname })
   */
  pathname?: string;
  /**
   * The largest body forwarded, in bytes. A bigger one is refused with 413 before the
   * ingest is contacted (by `Content-Length` first, else counted while reading).
   * @default 1048576 (1 MiB, the ingest's own cap for `/v1/batch`)
   * @example relayRequest(request, { host, maxBodyBytes: 256 * 1024 })
   */
  maxBodyBytes?: number;
  /**
   * The visitor's IP as the adapter knows it (Express's trust-proxy-aware `req.ip`, a
   * platform header, {@link forwardedClientIp} of the trusted hops). Appended to the request's `X-Forwarded-For`, so the ingest, which
   * trusts the last entry a loopback or trusted relay adds, records it.
   * @default undefined (the request's X-Forwarded-For is passed on as it is)
   * @example relayRequest(request, { host, clientIp: req.ip })
   */
  clientIp?: string;
  /**
   * How long to wait for the ingest's answer before answering 502.
   * @default 10000
   * @example relayRequest(request, { host, timeoutMs: 3000 })
   */
  timeoutMs?: number;
  /**
   * The `fetch` used to reach the ingest (a test double, an instrumented fetch).
   * @default globalThis.fetch
   * @example relayRequest(request, { host, fetch: myFetch })
   */
  fetch?: typeof fetch;
}
