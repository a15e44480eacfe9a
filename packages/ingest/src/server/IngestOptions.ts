import type { PaceLimit } from "@millimetric/core";

/** The three keys of the local development project. */
export interface IngestKeys {
  /** `pk_…`: browser ingest; requests must carry an allowed `Origin`. */
  publishable: string;
  /** `sk_…`: server ingest and `/v1/forget`; no Origin check. */
  secret: string;
  /** `rk_…`: read only (`GET /v1/query`). */
  read: string;
}

/** A token bucket: refilled at `ratePerSecond`, holding at most `burst` requests (core's `PaceLimit`). */
export type RateLimit = PaceLimit;

/** Per-route limits; `false` turns one route's limit off. */
export interface RateLimits {
  /**
   * `POST /v1/track` (and `/v1/identify`, which shares its bucket).
   * @default { ratePerSecond: 50, burst: 200 }
   */
  track?: RateLimit | false;
  /**
   * `POST /v1/batch`.
   * @default { ratePerSecond: 5, burst: 20 }
   */
  batch?: RateLimit | false;
}

/** Options for {@link startIngest}. Every one has a default; most have an env var too. */
export interface IngestOptions {
  /**
   * Port to listen on; `0` picks a free one (read it back from `url`).
   * @default 8787, or env `MILLIMETRIC_INGEST_PORT`
   * @example startIngest({ port: 0 })
   */
  port?: number;
  /**
   * Interface to bind. Keep it on loopback: the events page has no login.
   * @default "127.0.0.1", or env `MILLIMETRIC_INGEST_HOST`
   * @example startIngest({ host: "localhost" })
   */
  host?: string;
  /**
   * Host names this server answers besides the loopback ones, which it always
   * answers (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`, any port). Every
   * other `Host` header, and a request without one (HTTP/1.0), gets 421
   * `host_not_allowed`: a page whose DNS rebinds its own name to 127.0.0.1 cannot read
   * the events. List the name you open the server by when it is not loopback (a LAN
   * name, a tunnel): `"devbox.lan"` matches any port, `"devbox.lan:8787"` that port
   * only; `"*"` answers every Host (turns the guard off).
   * @default [] (loopback only), or env `MILLIMETRIC_INGEST_ALLOWED_HOSTS` (comma-separated)
   * @example startIngest({ host: "0.0.0.0", allowedHosts: ["devbox.lan"] })
   */
  allowedHosts?: string[];
  /**
   * SQLite file (created with its folder when missing), relative to the cwd.
   * `":memory:"` keeps the database in memory: nothing is written to disk and
   * nothing (events, generated keys) outlives `close()`.
   * @default ".millimetric/ingest.sqlite", or env `MILLIMETRIC_INGEST_DB`
   * @example startIngest({ dbPath: "/tmp/mm-test.sqlite" })
   */
  dbPath?: string;
  /**
   * Keys to accept. Each one left out comes from its env var
   * (`MILLIMETRIC_PUBLISHABLE_KEY`, `MILLIMETRIC_SECRET_KEY`, `MILLIMETRIC_READ_KEY`),
   * else from the database, else is generated once and stored there, so it stays the
   * same across restarts.
   * @default generated and persisted
   * @example startIngest({ keys: { secret: "sk_test_00000000_000000000000000000000000" } })
   */
  keys?: Partial<IngestKeys>;
  /**
   * Origins a `pk_` key may be used from. `*` matches a port (`http://localhost:*`,
   * which also matches no port) or one DNS label (`https://*.example.com`); `"*"`
   * alone allows every origin.
   * @default ["http://localhost:*", "http://127.0.0.1:*"]
   * @example startIngest({ allowedOrigins: ["https://*.shop.example", "http://localhost:*"] })
   */
  allowedOrigins?: string[];
  /**
   * Token-bucket limits per project and route, answered with 429 `rate_limited` and
   * `Retry-After`. `false` disables limiting (benchmarks, backfill tests).
   * @default { track: { ratePerSecond: 50, burst: 200 }, batch: { ratePerSecond: 5, burst: 20 } }
   * @example startIngest({ rateLimits: false })
   */
  rateLimits?: RateLimits | false;
  /**
   * File served at `GET /v1/a.js`.
   * @default the `@millimetric/track` package's `dist/a.js`, resolved per request
   * @example startIngest({ scriptPath: "./public/a.js" })
   */
  scriptPath?: string;
  /**
   * A request (headers and body) must arrive within this many milliseconds, or the
   * connection gets 408 and is closed; slow clients cannot hold the server.
   * @default 10000
   * @example startIngest({ requestTimeoutMs: 2000 })
   */
  requestTimeoutMs?: number;
  /**
   * On `close()`, connections still busy after this many milliseconds are cut.
   * @default 5000
   * @example startIngest({ shutdownGraceMs: 1000 })
   */
  shutdownGraceMs?: number;
  /**
   * Where environment variables are read from.
   * @default process.env
   * @example startIngest({ env: {} }) // ignore the environment (tests)
   */
  env?: Record<string, string | undefined>;
  /**
   * Called with unexpected errors (each also answered with 500 `internal_error`).
   * @default logs with console.error
   * @example startIngest({ onError: (err) => errors.push(err) })
   */
  onError?: (error: unknown) => void;
}

/** A running ingest server, from {@link startIngest}. */
export interface IngestServer {
  /** Base URL, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  url: string;
  /** The keys in force. */
  keys: IngestKeys;
  /** Absolute path of the SQLite database, or `":memory:"`. */
  dbPath: string;
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}
