// A long-running Express app for the flushOnExit tests, run as a child process.
// argv[2]: "own-listener" registers the app's own SIGTERM handler (which does not exit).
import express from "express";
import { millimetric, track } from "@millimetric/express";

if (process.argv[2] === "own-listener") {
  process.on("SIGTERM", () => console.log(JSON.stringify({ appHandler: true })));
}
const app = express();
app.use(
  millimetric({
    key: "sk_test_abcdef12_secretsecretsecret",
    host: process.env.INGEST_URL,
    flushAt: 1000,
    flushIntervalMs: 600_000,
    pacing: false,
    timeoutMs: 60_000,
    onError: () => {},
    flushOnExit: { timeoutMs: Number(process.env.FLUSH_TIMEOUT_MS ?? 5000) },
  }),
);
app.get("/", (req, res) => {
  track({ event: "queued", properties: { n: Number(req.query.n) } });
  res.send(req.millimetric.anonymousId);
});
const server = app.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
