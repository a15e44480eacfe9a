// One app variant per process, for middleware-overhead.mjs.
// argv[2]: plain | track | middleware-only | middleware
import express from "express";
import { getCookieValues } from "@millimetric/core";
import { MillimetricClient, millimetric, track } from "@millimetric/express";

const variant = process.argv[2];
// Delivery is answered in-process (no network) so the numbers show the SDK's own cost.
const fetch = async () => new Response('{"ok":true}', { status: 202 });
const client = new MillimetricClient({ key: "sk_test_abcdef12_bench", host: "http://127.0.0.1:9", flushAt: 1000, pacing: false, fetch });

const app = express();
app.disable("x-powered-by");
app.disable("etag");
if (variant === "middleware") {
  app.use(millimetric({ client }));
  app.get("/", (_req, res) => {
    track({ event: "hello" });
    res.send("hello world");
  });
} else if (variant === "middleware-only") {
  app.use(millimetric({ client }));
  app.get("/", (_req, res) => res.send("hello world"));
} else if (variant === "track") {
  // What an app does by hand without the middleware: read the cookie, pass the id.
  app.get("/", (req, res) => {
    client.track({ event: "hello", anonymous_id: getCookieValues(req.headers.cookie, "aid")[0] });
    res.send("hello world");
  });
} else {
  app.get("/", (_req, res) => res.send("hello world"));
}
const server = app.listen(0, "127.0.0.1", () => console.log(server.address().port));
