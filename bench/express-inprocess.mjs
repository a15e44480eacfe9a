// Goal 2, the middleware's own CPU: Express 5 apps driven in this process through the
// app's request handler with real node:http IncomingMessage / ServerResponse objects (no
// socket, no load generator, no other process competing for the slice being measured),
// so the difference against bare Express is our code alone, not the noise of two ~170 µs
// figures measured over the network. The over-HTTP figures in express-overhead.mjs stay the
// main Express numbers; this is the precise one for "middleware alone".
//   bare        Express alone
//   middleware  millimetric() alone (cookie read or mint, request context)
//   millimetric millimetric() + one track() per request at the package's defaults (batched,
//               flushAt 50), delivered to the sink in another process while measuring
//   naive-posthog  the stack users write by hand, with posthog-node (see naivePosthog)
// A delivering cell's block ends once its own batches are acknowledged, and every block starts
// on an empty young generation: otherwise a POST's response, or a scavenge of another cell's
// garbage, lands in whichever block happens to be running, and bare Express pays for it.
// `node --expose-gc express-inprocess.mjs <sinkUrl> [rounds=8]` prints one JSON line: per-round µs per call.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { Socket } from "node:net";
import express from "express";
import { flush, millimetric, track } from "@millimetric/express";
import { PostHog } from "posthog-node";
import { cpuSinceUs, rotate } from "./lib/stats.mjs";

const cookieParser = createRequire(import.meta.url)("cookie-parser");

const [sink, roundsArg] = process.argv.slice(2);
const ROUNDS = Number(roundsArg ?? 8);
const CALLS = Number(process.env.BENCH_EXPRESS_CALLS ?? 20_000);
// Cells take turns in blocks this small, so a neighbour's burst of work (a shared machine)
// lands on every cell alike instead of on whichever cell was running.
const BLOCK = 250;

// Anything the SDK reports (a queue overflow would mean the bench starved delivery) fails the run.
const errors = [];

function app(variant) {
  const a = express();
  a.disable("x-powered-by");
  a.disable("etag");
  if (variant === "naive-posthog") return naivePosthog(a);
  if (variant !== "bare") a.use(millimetric({ key: "sk_test_bench000_secretsecret", host: sink, pacing: false, onError: (e) => errors.push(e.message) }));
  a.get("/", (_req, res) => {
    if (variant === "millimetric") track({ event: "hello" });
    res.send("hello");
  });
  return a;
}

// What users write by hand (express-app.mjs's naive-posthog): cookie-parser, a
// crypto.randomUUID() cookie, AsyncLocalStorage for the request's id, posthog-node's
// capture() at its defaults, delivering to the same sink.
const posthog = new PostHog("phc_bench", { host: sink });
posthog.on("error", (e) => errors.push(`posthog: ${e?.message ?? e}`));
function naivePosthog(a) {
  const als = new AsyncLocalStorage();
  a.use(cookieParser());
  a.use((req, res, next) => {
    let aid = req.cookies.aid;
    if (!aid) {
      aid = randomUUID();
      res.cookie("aid", aid, { path: "/", maxAge: 31_536_000_000, sameSite: "lax" });
    }
    als.run({ aid }, next);
  });
  a.get("/", (_req, res) => {
    posthog.capture({ distinctId: als.getStore().aid, event: "hello" });
    res.send("hello");
  });
  return a;
}

// What a browser's navigation carries (express-overhead.mjs sends the same).
const BROWSER = {
  host: "127.0.0.1",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "sec-fetch-site": "none",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36",
  "accept-language": "en-US,en;q=0.9",
};
const VISITORS = {
  new: BROWSER,
  returning: { ...BROWSER, cookie: "aid=u_0123456789abcdef0123456789abcdef" },
};
const socket = new Socket();

/** One request through `handler`, answered synchronously; resolves when the response ended. */
function request(handler, headers) {
  const req = new IncomingMessage(socket);
  req.method = "GET";
  req.url = "/";
  req.headers = { ...headers };
  req.complete = true;
  const res = new ServerResponse(req);
  let ended;
  const done = new Promise((r) => (ended = r));
  res.end = function end(...args) {
    ServerResponse.prototype.end.apply(this, args);
    ended(this);
  };
  handler(req, res);
  return done;
}

// Each request on its own event-loop turn, as a server sees them: without the turn the
// awaits chain as microtasks, the delivery's sockets are never served and the queue fills.
const nextTurn = () => new Promise((r) => setImmediate(r));

if (typeof globalThis.gc !== "function") throw new Error("[millimetric] bench: run express-inprocess.mjs with node --expose-gc");

/** What a cell waits for before its block's CPU is read: its own deliveries, acknowledged. */
const SETTLE = { millimetric: () => flush(), "naive-posthog": () => posthog.flush() };

/** CPU µs of BLOCK requests of `headers` through `handler`, its deliveries included. */
async function block(handler, headers, settle) {
  globalThis.gc({ type: "minor" });
  const t0 = process.cpuUsage();
  for (let i = 0; i < BLOCK; i++) {
    await request(handler, headers);
    await nextTurn();
  }
  await settle?.();
  return cpuSinceUs(t0);
}

const apps = { bare: app("bare"), middleware: app("middleware"), millimetric: app("millimetric"), "naive-posthog": app("naive-posthog") };
// Sanity: a new visitor is minted, a returning one is not, and the answer is the app's.
const first = await request(apps.middleware, VISITORS.new);
if (!String(first.getHeader("set-cookie")).startsWith("aid=u_")) throw new Error("[millimetric] bench: a new visitor was not minted");
if ((await request(apps.middleware, VISITORS.returning)).getHeader("set-cookie")) throw new Error("[millimetric] bench: a returning visitor got a Set-Cookie");

const CELLS = Object.keys(apps).flatMap((variant) => Object.keys(VISITORS).map((visitor) => [`${variant}:${visitor}`, apps[variant], VISITORS[visitor], SETTLE[variant]]));
for (const [, handler, headers, settle] of CELLS) for (let i = 0; i < 8; i++) await block(handler, headers, settle); // warm-up
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const cpu = Object.fromEntries(CELLS.map(([name]) => [name, 0]));
  for (let turn = 0; turn < CALLS / BLOCK; turn++) for (const [name, handler, headers, settle] of rotate(CELLS, r + turn)) cpu[name] += await block(handler, headers, settle);
  rounds.push(Object.fromEntries(CELLS.map(([name]) => [name, cpu[name] / (Math.floor(CALLS / BLOCK) * BLOCK)])));
}
await flush();
await posthog.shutdown();
if (errors.length) throw new Error(`[millimetric] bench: the SDK reported ${errors.length} error(s), first: ${errors[0]}`);
console.log(JSON.stringify({ node: process.version, calls: CALLS, rounds }));
process.exit(0);
