// A hello-world Express 5 app in one of the bench's variants, run under the Node version
// being measured. `node express-app.mjs <variant> <sinkUrl>` prints `READY <appUrl> <statsUrl>`;
// GET <statsUrl> answers this process's CPU time and requests served.
//   bare            Express alone
//   middleware      millimetric() alone: cookie read or mint, request context; no track()
//   millimetric     millimetric() + one track() per request, the package's defaults (the
//                   long-running configuration: batched, flushAt 50, flush on exit)
//   millimetric-1   the same with flushAt: 1 (the serverless recipe), to show what it costs
//   naive-posthog   what users write by hand: cookie-parser, a crypto.randomUUID() cookie,
//                   AsyncLocalStorage for the request's id, posthog-node capture() (defaults)
//   naive-segment   the same with @segment/analytics-node track() (defaults)
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import express from "express";

const [variant, sink] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const app = express();
app.disable("x-powered-by");
app.disable("etag");

if (variant === "bare") {
  app.get("/", (_req, res) => res.send("hello"));
} else if (variant === "middleware" || variant === "millimetric" || variant === "millimetric-1") {
  const { millimetric, track } = await import("@millimetric/express");
  // Client-side pacing off: the sink has no rate limit. flushAt is left to the package's
  // default unless the variant (or BENCH_FLUSH_AT, for measuring an older build at the same
  // configuration) says otherwise.
  const flushAt = variant === "millimetric-1" ? 1 : process.env.BENCH_FLUSH_AT ? Number(process.env.BENCH_FLUSH_AT) : undefined;
  app.use(millimetric({ key: "sk_test_bench000_secretsecret", host: sink, pacing: false, ...(flushAt ? { flushAt } : {}) }));
  app.get("/", (_req, res) => {
    if (variant !== "middleware") track({ event: "hello" });
    res.send("hello");
  });
} else if (variant === "naive-posthog" || variant === "naive-segment") {
  let cookieParser;
  try {
    cookieParser = require("cookie-parser");
  } catch {
    throw new Error("[millimetric] bench: cookie-parser is not installed: run npm install at the repository root (bench/package.json lists it)");
  }
  let capture;
  if (variant === "naive-posthog") {
    const { PostHog } = await import("posthog-node");
    const posthog = new PostHog("phc_bench", { host: sink });
    capture = (distinctId) => posthog.capture({ distinctId, event: "hello" });
  } else {
    const { Analytics } = await import("@segment/analytics-node");
    const segment = new Analytics({ writeKey: "bench", host: sink });
    capture = (anonymousId) => segment.track({ anonymousId, event: "hello" });
  }
  const als = new AsyncLocalStorage();
  app.use(cookieParser());
  app.use((req, res, next) => {
    let aid = req.cookies.aid;
    if (!aid) {
      aid = randomUUID();
      res.cookie("aid", aid, { path: "/", maxAge: 31_536_000_000, sameSite: "lax" });
    }
    als.run({ aid }, next);
  });
  app.get("/", (_req, res) => {
    capture(als.getStore().aid);
    res.send("hello");
  });
} else {
  throw new Error(`[millimetric] bench: unknown variant ${variant}`);
}

// CPU time this process spent, for a per-request cost that a shared host's throughput
// cannot give (the load generator and the sink are other processes).
let served = 0;
const stats = express();
stats.get("/", (_req, res) => res.json({ cpu: process.cpuUsage(), served }));
process.on("SIGINT", () => process.exit(0));
const statsServer = stats.listen(0, "127.0.0.1");
const server = app.listen(0, "127.0.0.1", () =>
  console.log(`READY http://127.0.0.1:${server.address().port} http://127.0.0.1:${statsServer.address().port}`),
);
server.keepAliveTimeout = 65_000;
server.on("request", () => served++);
