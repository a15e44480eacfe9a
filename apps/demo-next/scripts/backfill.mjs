// npm run backfill -w apps/demo-next
// Loads past orders from a JSON file into Millimetric with MillimetricClient and
// flushAt: 1000 — /v1/batch's job — paced to the published 5 batches/s so no request
// meets a 429. Prints a progress line and the achieved events/s.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { MillimetricClient } from "@millimetric/track-node";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
// The demo's .env (development keys of the local ingest server); real env vars win.
if (existsSync(here("../.env"))) process.loadEnvFile(here("../.env"));

const file = process.argv[2] ?? here("../data/orders-2025.json");
if (!existsSync(file)) writeOrders(file, Number(process.env.ORDERS ?? 50_000));
const orders = JSON.parse(readFileSync(file, "utf8"));

const client = new MillimetricClient({ flushAt: 1000 }); // key and host from MILLIMETRIC_SECRET_KEY / MILLIMETRIC_HOST
const t0 = performance.now();
for (const o of orders) {
  client.track({
    event: "completed_checkout",
    event_id: `order_${o.id}`, // idempotent: running the backfill twice stores each order once
    user_id: String(o.user_id),
    timestamp: o.created_at,
    properties: { order_id: o.id, amount_cents: o.total_cents, currency: o.currency },
  });
}
const progress = setInterval(() => line(false), 200);
try {
  await client.flush();
} finally {
  clearInterval(progress);
  line(true);
}

function line(done) {
  const s = (performance.now() - t0) / 1000;
  const { delivered, failed } = client.stats;
  process.stdout.write(
    `\r[backfill] ${delivered.toLocaleString("en-US")} / ${orders.length.toLocaleString("en-US")} events · ${Math.round(delivered / s).toLocaleString("en-US")} events/s · ${s.toFixed(1)} s${failed ? ` · ${failed} rejected` : ""}${done ? "\n" : ""}`,
  );
}

/**
 * Deterministic sample orders (the demo's stand-in for an export of your orders table).
 * One order in 500 belongs to the demo's own account, ada@example.com (the id the signup
 * action derives): sign up with it and its past orders join that visitor on the events
 * page — stitched through user_id, with no anonymous_id of their own.
 */
function writeOrders(path, n) {
  const demoUser = "user_" + createHash("sha256").update("ada@example.com").digest("hex").slice(0, 12);
  let seed = 2025;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const start = Date.parse("2025-01-01T00:00:00Z");
  const year = 365 * 24 * 3600 * 1000;
  const list = Array.from({ length: n }, (_, i) => ({
    id: 100_000 + i,
    user_id: i % 500 === 0 ? demoUser : 1 + Math.floor(rand() * 4000),
    created_at: new Date(start + Math.floor((i / n) * year + rand() * 3600_000)).toISOString(),
    total_cents: 500 + Math.floor(rand() * 20_000),
    currency: rand() < 0.8 ? "usd" : "eur",
  }));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(list));
  console.log(`[backfill] wrote ${n.toLocaleString("en-US")} sample orders to ${path}`);
}
