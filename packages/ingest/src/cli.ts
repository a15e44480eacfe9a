#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startIngest } from "./server/startIngest";

const HELP = `Usage: millimetric-ingest [options]

Starts the local Millimetric ingest API and events page.

Options:
  --port <n>            port (default 8787, env MILLIMETRIC_INGEST_PORT; 0 = any free port)
  --host <addr>         interface (default 127.0.0.1, env MILLIMETRIC_INGEST_HOST)
  --db <file>           SQLite file (default .millimetric/ingest.sqlite, env MILLIMETRIC_INGEST_DB;
                        :memory: keeps it in memory)
  --origin <o>          allowed browser origin, repeatable (default http://localhost:* and http://127.0.0.1:*)
  --allowed-host <h>    a Host name to answer besides the loopback ones, repeatable: "devbox.lan" (any port),
                        "devbox.lan:8787" (that port), "*" (every Host); env MILLIMETRIC_INGEST_ALLOWED_HOSTS,
                        comma-separated. Other Hosts get 421 (the events page has no login)
  --no-rate-limit       turn off the 429 token buckets
  -h, --help            this text

Keys: MILLIMETRIC_PUBLISHABLE_KEY, MILLIMETRIC_SECRET_KEY, MILLIMETRIC_READ_KEY fix them;
otherwise they are generated once and kept in the database.`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        db: { type: "string" },
        origin: { type: "string", multiple: true },
        "allowed-host": { type: "string", multiple: true },
        "no-rate-limit": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    console.error(`[millimetric] ${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(HELP);
    return;
  }
  const port = args.port === undefined ? undefined : Number(args.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    console.error(`[millimetric] --port must be a number 0–65535 (got ${args.port})`);
    process.exit(2);
  }
  const ingest = await startIngest({
    port,
    host: args.host,
    dbPath: args.db,
    allowedOrigins: args.origin,
    allowedHosts: args["allowed-host"],
    rateLimits: args["no-rate-limit"] ? false : undefined,
  });
  const { url, keys } = ingest;
  console.log(
    [
      `[millimetric] local ingest listening on ${url}`,
      `  events page      ${url}/`,
      `  database         ${ingest.dbPath}`,
      `  publishable key  ${keys.publishable}   (browser, from allowed origins)`,
      `  secret key       ${keys.secret}   (server only: never in a browser bundle)`,
      `  read key         ${keys.read}   (GET /v1/query)`,
      `  script tag       <script async src="${url}/v1/a.js" data-key="${keys.publishable}" data-host="${url}"></script>`,
      `Fix the keys with MILLIMETRIC_PUBLISHABLE_KEY / MILLIMETRIC_SECRET_KEY / MILLIMETRIC_READ_KEY. Ctrl-C stops.`,
    ].join("\n"),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    console.log(`[millimetric] ${signal}: finishing in-flight requests, closing the database`);
    ingest.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
