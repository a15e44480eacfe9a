// Ingest throughput: 100 000 events in 1000-event batches through POST /v1/batch of a
// real server (built dist, rate limits off, a fresh SQLite file), 2 requests in flight.
// Run: npx tsup && node bench/ingest-throughput.mjs
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
const { startIngest } = await import(process.env.MM_DIST);

const TOTAL = 100_000;
const BATCH = 1000;
const IN_FLIGHT = 2;

const dir = mkdtempSync(join(tmpdir(), "mm-ingest-bench-"));
const dbPath = join(dir, "bench.sqlite");
const ingest = await startIngest({ port: 0, host: "127.0.0.1", dbPath, rateLimits: false, env: {} });

// Bodies are built before the clock starts: this measures the server, not JSON.stringify.
const start0 = Date.parse("2026-01-01T00:00:00Z");
const bodies = [];
for (let b = 0; b < TOTAL / BATCH; b++) {
  const events = [];
  for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
    events.push({
      event: i % 10 === 0 ? "completed_checkout" : "$pageview",
      event_id: `bench_${i}`,
      anonymous_id: `u_${(i % 5000).toString(16).padStart(32, "0")}`,
      user_id: i % 3 === 0 ? `user_${i % 2000}` : undefined,
      timestamp: new Date(start0 + i * 1000).toISOString(),
      url: `https://shop.example/products/${i % 300}?utm_source=bench`,
      properties: { amount_cents: i % 10000, currency: "usd", plan: i % 2 ? "pro" : "team" },
    });
  }
  bodies.push(JSON.stringify({ events }));
}
const bytes = bodies.reduce((n, s) => n + Buffer.byteLength(s), 0);

const headers = { authorization: `Bearer ${ingest.keys.secret}`, "content-type": "application/json" };
let next = 0;
async function worker() {
  while (next < bodies.length) {
    const body = bodies[next++];
    const res = await fetch(`${ingest.url}/v1/batch`, { method: "POST", headers, body });
    if (res.status !== 202) throw new Error(`[millimetric] bench: HTTP ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
const seconds = (performance.now() - t0) / 1000;
await ingest.close();

const db = new Database(dbPath, { readonly: true });
const stored = db.prepare("SELECT COUNT(*) AS n FROM events").get().n;
db.close();
rmSync(dir, { recursive: true, force: true });
if (stored !== TOTAL) throw new Error(`[millimetric] bench: stored ${stored} of ${TOTAL} events`);

console.error(
  `ingest throughput: ${TOTAL.toLocaleString("en-US")} events in ${TOTAL / BATCH} batches of ${BATCH} ` +
    `(${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${seconds.toFixed(2)} s = ` +
    `${Math.round(TOTAL / seconds).toLocaleString("en-US")} events/s (node ${process.version}, ${IN_FLIGHT} in flight)`,
);
console.log(JSON.stringify({ events: TOTAL, batches: TOTAL / BATCH, mib: +(bytes / 1024 / 1024).toFixed(1), seconds: +seconds.toFixed(2), eventsPerSec: Math.round(TOTAL / seconds) }));
