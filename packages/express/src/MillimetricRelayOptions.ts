/** Options of {@link millimetricRelay}. */
export interface MillimetricRelayOptions {
  /**
   * Where the relay answers when it is mounted without a path (`app.use(millimetricRelay({ path: "/_mm" }))`):
   * requests outside it go on to `next()`. Leave it out when you mount it at a path
   * yourself (`app.use("/_mm", millimetricRelay())`): then everything under that mount is the relay's.
   * @default "" (the mount point)
   * @example app.use(millimetricRelay({ path: "/_mm" }))
   */
  path?: string;
  /**
   * The ingest host events are forwarded to.
   * @default process.env.MILLIMETRIC_HOST, else "https://api.millimetric.ai"
   * @example millimetricRelay({ host: "http://127.0.0.1:8787" })
   */
  host?: string;
  /**
   * The largest body forwarded, in bytes; a bigger one is answered 413 and never reaches the ingest.
   * @default 1048576 (1 MiB, the ingest's own cap for /v1/batch)
   * @example millimetricRelay({ maxBodyBytes: 256 * 1024 })
   */
  maxBodyBytes?: number;
  /**
   * How long to wait for the ingest before answering 502.
   * @default 10000
   * @example millimetricRelay({ timeoutMs: 3000 })
   */
  timeoutMs?: number;
  /**
   * The `fetch` used to reach the ingest.
   * @default globalThis.fetch
   * @example millimetricRelay({ fetch: instrumentedFetch })
   */
  fetch?: typeof fetch;
}
