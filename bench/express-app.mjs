// A hello-world Express 5 app, bare or with millimetric() + one track() per request.
// `node express-app.mjs <bare|millimetric> <sinkUrl>` prints READY <url>.
import express from "express";

const [mode, sink] = process.argv.slice(2);
const app = express();
app.disable("x-powered-by");
if (mode === "millimetric") {
  const { millimetric, track, MillimetricClient } = await import("@millimetric/express");
  const client = new MillimetricClient({ key: "sk_test_bench000_secretsecret", host: sink, pacing: false });
  app.use(millimetric({ client }));
  app.get("/", (_req, res) => {
    track({ event: "hello" });
    res.send("hello");
  });
} else {
  app.get("/", (_req, res) => res.send("hello"));
}
const server = app.listen(0, "127.0.0.1", () => console.log(`READY http://127.0.0.1:${server.address().port}`));
