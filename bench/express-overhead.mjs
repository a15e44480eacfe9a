// Goal 2: the app's own CPU µs per request (process.cpuUsage of the app process; the load
// generator and the sinks are other processes) for every variant of express-app.mjs,
// flat out (autocannon, 50 connections) and at a steady 300 req/s (lib/pacedLoad.mjs; what
// most servers see: a busy event loop coalesces events into batches, an ordinary one does not), under one
// Node binary. Every app runs for the whole measurement with its own sink; each round
// measures every cell once, in groups that start and end with bare Express (see GROUPS).
import autocannon from "autocannon";
import { fileURLToPath } from "node:url";
import { pacedLoad } from "./lib/pacedLoad.mjs";
import { startChild } from "./lib/startChild.mjs";
import { rotate } from "./lib/stats.mjs";

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const json = async (url) => (await fetch(url)).json();

export const VARIANTS = ["bare", "middleware", "millimetric", "millimetric-1", "naive-posthog", "naive-segment"];

// A browser's navigation. New visitors carry no cookie (every request mints); returning
// ones carry a valid id (the hand-written stacks accept any value).
const BROWSER = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-language": "en-US,en;q=0.9",
  "accept-encoding": "gzip, deflate, br",
  "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36",
  "sec-fetch-site": "none",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
};
export const VISITORS = {
  new: BROWSER,
  returning: { ...BROWSER, "sec-fetch-site": "same-origin", cookie: "aid=u_0123456789abcdef0123456789abcdef; theme=dark" },
};

/**
 * The cells of one round, in groups of one visitor and load: each group is measured as
 * bare Express, the variants (order rotated every round), bare Express again, and the
 * variants are compared with the mean of the two bare figures around them, so that the
 * noise of a shared machine hits both sides of a difference alike.
 */
export const GROUPS = [
  { visitor: "new", load: "flat", variants: ["middleware", "millimetric", "naive-posthog", "naive-segment"] },
  { visitor: "returning", load: "flat", variants: ["middleware", "millimetric", "millimetric-1", "naive-posthog", "naive-segment"] },
  { visitor: "returning", load: "300", variants: ["millimetric", "millimetric-1", "naive-posthog", "naive-segment"] },
];

/** Load for `seconds`; the app's CPU µs per request, req/s, and what reached its sink. */
async function cannon(app, headers, load, seconds) {
  const before = await json(app.extra);
  const sinkBefore = await json(`${app.sink.url}/stats`);
  let r;
  if (load === "flat") {
    // sampleInt: autocannon otherwise runs on to its next 1 s sample before it stops.
    const res = await new Promise((resolve, reject) =>
      autocannon({ url: app.url, headers, duration: seconds, connections: 50, pipelining: 1, sampleInt: 100 }, (err, out) => (err ? reject(err) : resolve(out))),
    );
    r = { total: res.requests.total, errors: res.errors + res.non2xx, seconds: res.duration };
  } else {
    r = await pacedLoad(app.url, headers, Number(load), seconds);
  }
  const after = await json(app.extra);
  const sinkAfter = await json(`${app.sink.url}/stats`);
  const served = after.served - before.served;
  const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  const posts = sinkAfter.requests - sinkBefore.requests;
  return {
    cpuUs: cpu / Math.max(1, served),
    rps: r.total / r.seconds,
    errors: r.errors,
    eventsPerPost: posts ? (sinkAfter.events - sinkBefore.events) / posts : NaN,
  };
}

/**
 * Every cell, `rounds` times, under the Node binary `node`. Returns per-round results:
 * `rounds[r]["millimetric:returning:flat"] = { cpuUs, rps, errors, eventsPerPost }`.
 */
export async function expressRounds({ node = process.execPath, rounds = 8, seconds = 1.2, fixedSeconds = 1.5, log = () => {} } = {}) {
  const apps = {};
  try {
    for (const variant of VARIANTS) {
      const sink = await startChild(here("./lib/sink.mjs"));
      apps[variant] = { ...(await startChild(here("./express-app.mjs"), [variant, sink.url], {}, node)), sink };
    }
    // Warm-up: JIT, connection pools and the SDKs' first flushes, unmeasured.
    for (const variant of VARIANTS) for (const headers of Object.values(VISITORS)) await cannon(apps[variant], headers, "flat", 1);
    const out = [];
    for (let r = 0; r < rounds; r++) {
      const res = {};
      for (const { visitor, load, variants } of rotate(GROUPS, r)) {
        const measure = (variant) => cannon(apps[variant], VISITORS[visitor], load, load === "flat" ? seconds : fixedSeconds);
        const first = await measure("bare");
        for (const variant of rotate(variants, r)) res[`${variant}:${visitor}:${load}`] = await measure(variant);
        const last = await measure("bare");
        res[`bare:${visitor}:${load}`] = { ...first, cpuUs: (first.cpuUs + last.cpuUs) / 2, rps: (first.rps + last.rps) / 2, errors: first.errors + last.errors };
      }
      log(`express round ${r + 1}/${rounds}: bare ${res["bare:returning:flat"].cpuUs.toFixed(1)} µs, millimetric ${res["millimetric:returning:flat"].cpuUs.toFixed(1)} µs per returning request`);
      out.push(res);
    }
    return out;
  } finally {
    for (const app of Object.values(apps)) await app.stop(), await app.sink.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = await expressRounds({ node: process.argv[2] ?? process.execPath, rounds: Number(process.argv[3] ?? 2), log: console.error });
  console.log(JSON.stringify(rounds));
}
