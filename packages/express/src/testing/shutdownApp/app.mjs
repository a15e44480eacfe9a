// An Express app that ends on SIGTERM the way the README and the server-side recipe say,
// run as a child process from the packed tarballs (shutdown.test.ts). Environment:
//   EXPRESS      "4" or "5"
//   VARIANT      how the app is wired (below)
//   INGEST_URL / INGEST_KEY   the real ingest server and its sk_ key
//   EVENT        the event name GET /?n= tracks
//   MILLIMETRIC_HOST   where the relay variant forwards (the README's default)
// Prints {"port":…} once listening. Delivery waits for a flush: flushAt 100 and a
// 10-minute interval, so the 30 events of a test are all still queued at SIGTERM.
import { createRequire } from "node:module";
import { MillimetricClient, flush, millimetric, millimetricRelay, shutdown, track } from "@millimetric/express";

const require = createRequire(import.meta.url);
const express = require(process.env.EXPRESS === "4" ? "express4" : "express");
const key = process.env.INGEST_KEY;
const host = process.env.INGEST_URL;
const queued = { flushAt: 100, flushIntervalMs: 600_000 };
const variant = process.env.VARIANT;

const app = express();
switch (variant) {
  // The README's advice before: module flush() in the app's own SIGTERM handler.
  case "flush":
    app.use(millimetric({ key, host, ...queued }));
    process.on("SIGTERM", async () => {
      await flush();
      process.exit(0);
    });
    break;
  case "shutdown":
    app.use(millimetric({ key, host, ...queued }));
    process.on("SIGTERM", async () => {
      await shutdown();
      process.exit(0);
    });
    break;
  // flushOnExit, and the app's own handler that exits at once after flush().
  case "flushOnExit+handler":
    app.use(millimetric({ key, host, ...queued, flushOnExit: true }));
    process.on("SIGTERM", async () => {
      await flush();
      process.exit(0);
    });
    break;
  // flushOnExit alone: the process ends by the signal once the events are out.
  case "flushOnExit":
    app.use(millimetric({ key, host, ...queued, flushOnExit: true }));
    break;
  // The middleware from the package's CJS build, flush() from its ESM build.
  case "cjs":
    app.use(require("@millimetric/express").millimetric({ key, host, ...queued }));
    process.on("SIGTERM", async () => {
      await flush();
      process.exit(0);
    });
    break;
  // The app's own client.
  case "client":
    app.use(millimetric({ client: new MillimetricClient({ key, host, ...queued }) }));
    process.on("SIGTERM", async () => {
      await flush();
      process.exit(0);
    });
    break;
  // The README's first-party relay, as written there (its host from MILLIMETRIC_HOST).
  case "relay":
    app.use("/_mm", millimetricRelay()); // before body parsers and before millimetric()
    app.use(millimetric({ key, host, ...queued }));
    break;
  default:
    throw new Error(`unknown VARIANT ${variant}`);
}
app.get("/", (req, res) => {
  track({ event: process.env.EVENT, properties: { n: Number(req.query.n) } });
  res.send(req.millimetric.anonymousId ?? "");
});
const server = app.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
