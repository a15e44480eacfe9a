// How the events page scales with one SQLite file: seeds a real server (built dist, rate
// limits off, a fresh temp database) through POST /v1/batch to 10k, 100k and 1M events,
// and after each step times `GET /` (the whole page) and `GET /?partial=1` (what the
// page refetches every 3 s). better-sqlite3 is synchronous, so while a render runs the
// server answers nothing else: that time is also how long ingest stalls per refresh.
// Run: npx tsup && node scripts/events-page-scale.mjs [maxEvents]   (default 1000000)
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const { startIngest } = await import(process.env.MM_DIST);

const STEPS = [10_000, 100_000, 1_000_000].filter((n) => n <= Number(process.argv[2] ?? 1_000_000));
const BATCH = 1000;
const RENDERS = 5;
const EVENTS_PER_VISITOR = 20;

const dir = mkdtempSync(join(tmpdir(), "mm-ingest-scale-"));
const dbPath = join(dir, "scale.sqlite");
const ingest = await startIngest({ port: 0, host: "127.0.0.1", dbPath, rateLimits: false, env: {} });
const origin = "http://localhost:5173";

// A site-like mix: each visitor has 20 events over 10 minutes, sessions spread over a
// day, 70% from the browser SDK ($pageview, clicks), 30% from the server (signups,
// orders); 1 in 20 server events is a webhook without anonymous_id; 1 visitor in 10 is
// server only and 1 in 10 browser only, so the newest 30 visitors hold a few server-only
// ones and the split rule runs its probes (none of them is a real split).
const dayMs = 86_400_000;
const now = Date.now();
function eventAt(i) {
  const v = Math.floor(i / EVENTS_PER_VISITOR);
  const aid = `u_${v.toString(16).padStart(32, "0")}`;
  // Each visitor's session starts at a scattered moment of the last day, one event per 30 s.
  const ts = new Date(now - dayMs + ((v * 2_654_435_761) % (dayMs - 600_000)) + (i % EVENTS_PER_VISITOR) * 30_000).toISOString();
  const kind = v % 10 === 0 ? "server" : v % 10 === 1 ? "browser" : i % 10 < 7 ? "browser" : "server";
  const path = `/products/${i % 300}`;
  if (kind === "browser") {
    return { source: "browser", e: { event: i % 3 === 0 ? "$pageview" : "clicked_buy", event_id: `e_${i}`, anonymous_id: aid, url: `http://localhost:5173${path}?utm_source=scale`, timestamp: ts, properties: { $viewport: "1280x800", button: "hero" } } };
  }
  const webhook = i % 20 === 0;
  return { source: "server", e: { event: webhook ? "completed_checkout" : "signup", event_id: `e_${i}`, anonymous_id: webhook ? undefined : aid, user_id: `user_${v}`, path, timestamp: ts, properties: { amount_cents: i % 10000, currency: "usd" } } };
}

async function post(key, events, headers = {}) {
  const res = await fetch(`${ingest.url}/v1/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ events }),
  });
  if (res.status !== 202) throw new Error(`[millimetric] scale: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

async function seed(from, to) {
  for (let b = from; b < to; b += BATCH) {
    const browser = [], server = [];
    for (let i = b; i < Math.min(to, b + BATCH); i++) {
      const { source, e } = eventAt(i);
      (source === "browser" ? browser : server).push(e);
    }
    if (browser.length) await post(ingest.keys.publishable, browser, { origin });
    if (server.length) await post(ingest.keys.secret, server);
  }
}

let lastHtml = "";
async function time(path) {
  const ms = [];
  for (let r = 0; r < RENDERS; r++) {
    const t0 = performance.now();
    const res = await fetch(ingest.url + path);
    const html = await res.text();
    ms.push(performance.now() - t0);
    lastHtml = html;
    if (res.status !== 200 || !html.includes('class="summary"')) throw new Error(`[millimetric] scale: ${path} answered ${res.status}`);
  }
  ms.sort((a, b) => a - b);
  return Math.round(ms[Math.floor(ms.length / 2)]);
}

const rows = [];
let seeded = 0;
try {
  for (const n of STEPS) {
    const t0 = performance.now();
    await seed(seeded, n);
    const seedS = (performance.now() - t0) / 1000;
    seeded = n;
    // The database file plus its write-ahead log: what the disk holds right now.
    const bytes = statSync(dbPath).size + (statSync(dbPath + "-wal", { throwIfNoEntry: false })?.size ?? 0);
    const row = { events: n, mib: +(bytes / 1024 / 1024).toFixed(1), seedEventsPerSec: Math.round((n - (rows.at(-1)?.events ?? 0)) / seedS), pageMs: await time("/"), partialMs: await time("/?partial=1") };
    // How many of the shown server-only visitors the split rule marked (dense traffic: few or none).
    row.serverOnlyShown = lastHtml.match(/<span class="chip lonely">server only<\/span>/g)?.length ?? 0;
    row.likelySplits = lastHtml.match(/class="card visitor[^"]*is-split/g)?.length ?? 0;
    rows.push(row);
    console.error(`${n.toLocaleString("en-US").padStart(9)} events  ${String(row.mib).padStart(6)} MiB (db + wal)  GET / ${row.pageMs} ms  GET /?partial=1 ${row.partialMs} ms  (median of ${RENDERS}; seeded at ${row.seedEventsPerSec.toLocaleString("en-US")} events/s; ${row.likelySplits} of ${row.serverOnlyShown} server-only cards marked)`);
  }
} finally {
  await ingest.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(rows));
