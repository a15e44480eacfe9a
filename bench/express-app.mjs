// A hello-world Express 5 app: `bare`, or with millimetric() + one track() per request.
// `node express-app.mjs <bare|middleware|millimetric|offline> <sinkUrl>` prints READY <url>.
//   middleware  millimetric() alone (cookie + context), no track()
//   millimetric millimetric() + track() delivered to the sink over HTTP
//   offline     millimetric() + track() with delivery answered in process (no network):
//               what the app itself pays, without the sink's share of a 2-core machine
import express from "express";

const [mode, sink] = process.argv.slice(2);
const app = express();
app.disable("x-powered-by");
if (mode === "bare") {
  app.get("/", (_req, res) => res.send("hello"));
} else {
  const { millimetric, track, MillimetricClient } = await import("@millimetric/express");
  const offline = async () => new Response('{"ok":true}', { status: 202 });
  const client = new MillimetricClient({
    key: "sk_test_bench000_secretsecret",
    host: sink,
    pacing: false,
    flushAt: Number(process.env.BENCH_FLUSH_AT ?? 1),
    fetch: mode === "offline" ? offline : undefined,
  });
  app.use(millimetric({ client }));
  app.get("/", (_req, res) => {
    if (mode !== "middleware") track({ event: "hello" });
    res.send("hello");
  });
}
// CPU time this process spent, for a per-request cost that a noisy shared host's
// throughput figures cannot give (the load generator and the sink run elsewhere).
let served = 0;
const stats = express();
stats.get("/", (_req, res) => res.json({ cpu: process.cpuUsage(), served }));
process.on("SIGINT", () => process.exit(0));
const statsServer = stats.listen(0, "127.0.0.1");
const server = app.listen(0, "127.0.0.1", () =>
  console.log(`READY http://127.0.0.1:${server.address().port} http://127.0.0.1:${statsServer.address().port}`),
);
server.on("request", () => served++);
