import { mkdirSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { MillimetricError, MillimetricTypeError } from "@millimetric/core";
import { createAuthenticator } from "../auth/createAuthenticator";
import { createHostMatcher } from "./createHostMatcher";
import { createOriginMatcher } from "../auth/createOriginMatcher";
import { createRequestHandler } from "./createRequestHandler";
import { EventStore } from "../store/EventStore";
import type { IngestOptions, IngestServer } from "./IngestOptions";
import { RateLimiter } from "../auth/RateLimiter";
import { resolveKeys } from "../auth/resolveKeys";
import { resolveScriptPath } from "../reads/resolveScriptPath";

/** Origins a pk_ key may be used from unless `allowedOrigins` says otherwise. */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = ["http://localhost:*", "http://127.0.0.1:*"];

/** The default database file, relative to the working directory. */
export const DEFAULT_DB_PATH = ".millimetric/ingest.sqlite";

const MEMORY = ":memory:";

/**
 * Starts the local ingest server: the protocol's `/v1/` routes on embedded SQLite,
 * the browser SDK's `a.js`, and the events page at `/`. Resolves once it listens.
 *
 * @example
 * ```ts
 * const ingest = await startIngest({ port: 0, rateLimits: false });
 * await fetch(`${ingest.url}/v1/track`, {
 *   method: "POST",
 *   headers: { Authorization: `Bearer ${ingest.keys.secret}`, "Content-Type": "application/json" },
 *   body: JSON.stringify({ event: "signup", anonymous_id: "u_1", user_id: "42" }),
 * });
 * await ingest.close();
 * ```
 */
export async function startIngest(options: IngestOptions = {}): Promise<IngestServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? (env.MILLIMETRIC_INGEST_HOST || "127.0.0.1");
  const port =
    options.port !== undefined ? portFrom(options.port, "port") : (portFrom(env.MILLIMETRIC_INGEST_PORT, "MILLIMETRIC_INGEST_PORT") ?? 8787);
  const dbOption = options.dbPath ?? (env.MILLIMETRIC_INGEST_DB || DEFAULT_DB_PATH);
  // SQLite's in-memory name, not a file name: resolving it would create ./:memory:.
  const dbPath = dbOption === MEMORY ? MEMORY : resolve(dbOption);
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const allowedOrigins = options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS;
  const allowedHosts = options.allowedHosts ?? listFrom(env.MILLIMETRIC_INGEST_ALLOWED_HOSTS);
  const isAllowedHost = createHostMatcher(allowedHosts, options.allowedHosts ? "allowedHosts" : "MILLIMETRIC_INGEST_ALLOWED_HOSTS");
  const limiter = new RateLimiter(options.rateLimits);
  const onError =
    options.onError ?? ((err: unknown) => console.error("[millimetric] ingest: unexpected error while handling a request:", err));

  if (dbPath !== MEMORY) mkdirSync(dirname(dbPath), { recursive: true });
  const store = new EventStore(dbPath);
  let keys;
  try {
    keys = resolveKeys(store, options.keys, env);
  } catch (err) {
    store.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(requestTimeoutMs, 60_000),
      // How often Node looks for requests past their timeout (its default is 30 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, requestTimeoutMs / 4)),
      keepAliveTimeout: 5000,
    },
    createRequestHandler({
      store,
      authenticate: createAuthenticator(keys),
      isAllowedOrigin: createOriginMatcher(allowedOrigins),
      allowedOrigins,
      isAllowedHost,
      allowedHosts,
      limiter,
      scriptPath: options.scriptPath === undefined ? resolveScriptPath : () => options.scriptPath,
      onError,
      isClosing: () => closing !== undefined,
      project: "dev",
    }),
  );

  // Responses still being worked on when close() is called must end their connection.
  const active = new Set<ServerResponse>();
  server.on("request", (_req, res: ServerResponse) => {
    active.add(res);
    res.on("close", () => {
      active.delete(res);
      if (closing) server.closeIdleConnections();
    });
  });

  try {
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen(port, host, () => {
        server.off("error", fail);
        ok();
      });
    });
  } catch (err) {
    store.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new MillimetricError(
        "invalid_config",
        `[millimetric] ${host}:${port} is already in use: stop the other server, or pick another port ` +
          "(option port, env MILLIMETRIC_INGEST_PORT; 0 picks a free one)",
        { cause: err },
      );
    }
    throw err;
  }

  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  const grace = options.shutdownGraceMs ?? 5000;

  return {
    url: `http://${host === "localhost" ? "localhost" : urlHost}:${address.port}`,
    keys,
    dbPath,
    close() {
      closing ??= new Promise<void>((done) => {
        // Waits for in-flight requests; answers given meanwhile carry Connection: close.
        server.close(() => {
          clearTimeout(force);
          store.close();
          done();
        });
        for (const res of active) if (!res.headersSent) res.setHeader("Connection", "close");
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), grace);
        force.unref();
      });
      return closing;
    },
  };
}

/** A comma-separated env list; blanks dropped. */
function listFrom(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * The port the option or env var names, checked here so a bad one fails with the setting
 * named (Node's own error for `listen(99999)` names neither).
 */
function portFrom(value: string | number | undefined, where: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new MillimetricTypeError(
      "invalid_config",
      `[millimetric] ${where} must be a port number 0–65535, 0 for a free one (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}
