// A long-running Express app for the flushOnExit tests, run as a child process.
// argv[2]: "own-listener" registers the app's own SIGTERM handler (which does not exit);
// "two-mounts" mounts middlewares with flushOnExit on /app, /api and /shared (the latter
// two share one client, whose flushes are logged) and, from the package's CJS build (a
// duplicate copy of it), on /cjs, instead of one on /; "defaults" mounts one on / with
// neither flushAt nor flushOnExit (the package's long-running defaults).
import { createRequire } from "node:module";
import express from "express";
import { MillimetricClient, millimetric, track } from "@millimetric/express";

const clientOptions = {
  key: "sk_test_abcdef12_secretsecretsecret",
  host: process.env.INGEST_URL,
  flushAt: 1000,
  flushIntervalMs: 600_000,
  pacing: false,
  timeoutMs: 60_000,
  onError: () => {},
};
const flushOnExit = { timeoutMs: Number(process.env.FLUSH_TIMEOUT_MS ?? 5000) };

if (process.argv[2] === "own-listener") {
  process.on("SIGTERM", () => console.log(JSON.stringify({ appHandler: true })));
}
const app = express();
const queue = (req, res) => {
  track({ event: "queued", properties: { n: Number(req.query.n), mount: req.path } });
  res.send(req.millimetric.anonymousId);
};
if (process.argv[2] === "two-mounts") {
  const shared = new MillimetricClient(clientOptions);
  const flush = shared.flush.bind(shared);
  shared.flush = () => {
    console.log(JSON.stringify({ sharedFlush: true }));
    return flush();
  };
  app.use("/app", millimetric({ ...clientOptions, flushOnExit: true }));
  app.use("/api", millimetric({ client: shared, flushOnExit }));
  app.use("/shared", millimetric({ client: shared, flushOnExit }));
  app.get(["/app", "/api", "/shared"], queue);
  const cjs = createRequire(import.meta.url)("@millimetric/express");
  app.use("/cjs", cjs.millimetric({ ...clientOptions, flushOnExit }));
  app.get("/cjs", (req, res) => {
    cjs.track({ event: "queued", properties: { n: Number(req.query.n), mount: req.path } });
    res.send(req.millimetric.anonymousId);
  });
} else if (process.argv[2] === "defaults") {
  const { flushAt: _flushAt, ...rest } = clientOptions;
  app.use(millimetric(rest));
  app.get("/", queue);
} else {
  app.use(millimetric({ ...clientOptions, flushOnExit }));
  app.get("/", queue);
}
const server = app.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
