// npm run backfill -w apps/demo-next
// Loads past orders from a JSON file into Millimetric with MillimetricClient and
// flushAt: 1000 — /v1/batch's job — paced to the published 5 batches/s so no request
// meets a 429. Progress comes from the client's delivery events (onDelivery): a bar that
// updates in place on a terminal, a line every 10 % in a log (CI, a pipe), then the final
// delivered and dropped counts.
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

const tally = { delivered: 0, dropped: 0, retries: 0, dropReasons: {} };
const bar = progressBar(orders.length);
const client = new MillimetricClient({
  flushAt: 1000, // key and host from MILLIMETRIC_SECRET_KEY / MILLIMETRIC_HOST
  onDelivery(e) {
    if (e.type === "delivered") tally.delivered += e.count;
    else if (e.type === "retry") tally.retries++;
    else (tally.dropped += e.count), (tally.dropReasons[e.reason] = (tally.dropReasons[e.reason] ?? 0) + e.count);
    bar.update();
  },
});
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
let failure;
try {
  await client.flush();
} catch (err) {
  failure = err; // retries exhausted: those orders stay undelivered; run the backfill again
}
bar.done();
const s = (performance.now() - t0) / 1000;
const reasons = Object.entries(tally.dropReasons).map(([reason, n]) => `${n} ${reason}`).join(", ");
console.log(
  `[backfill] done in ${s.toFixed(1)} s: ${fmt(tally.delivered)} delivered, ${fmt(tally.dropped)} dropped${reasons ? ` (${reasons})` : ""}` +
    `${tally.retries ? `, ${tally.retries} retried request(s)` : ""}, ${fmt(orders.length - tally.delivered - tally.dropped)} not delivered`,
);
if (failure) {
  console.error(failure.message);
  process.exitCode = 1;
}

/**
 * The progress display: on a terminal one line redrawn in place (at most every 100 ms),
 * elsewhere (CI logs, a pipe) one line each time another 10 % is settled.
 */
function progressBar(total) {
  const tty = process.stdout.isTTY;
  let drawnAt = 0;
  let loggedTenth = 0;
  const text = () => {
    const s = (performance.now() - t0) / 1000;
    return `[backfill] ${fmt(tally.delivered)} / ${fmt(total)} events · ${fmt(Math.round(tally.delivered / Math.max(s, 0.001)))} events/s · ${s.toFixed(1)} s${tally.dropped ? ` · ${fmt(tally.dropped)} dropped` : ""}`;
  };
  const share = () => (total ? (tally.delivered + tally.dropped) / total : 1);
  return {
    update() {
      const done = share();
      if (tty) {
        const now = performance.now();
        if (now - drawnAt < 100 && done < 1) return;
        drawnAt = now;
        const width = 30;
        const filled = Math.round(done * width);
        process.stdout.write(`\r${text()} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(done * 100)}%\x1b[K`);
      } else {
        const tenth = Math.floor(done * 10);
        if (tenth > loggedTenth) (loggedTenth = tenth), console.log(`${text()} · ${tenth * 10}%`);
      }
    },
    done() {
      if (tty) (drawnAt = 0), this.update(), process.stdout.write("\n");
    },
  };
}

function fmt(n) {
  return n.toLocaleString("en-US");
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
