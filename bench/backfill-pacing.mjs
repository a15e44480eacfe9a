// Item 5: a 50 000-event backfill through MillimetricClient({ flushAt: 1000 }) into the
// local ingest server with its published batch limit on (5/s, burst 20). Client-side
// pacing should keep it at the ceiling with zero 429s. Prints JSON.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startIngest } from "@millimetric/ingest";
import { MillimetricClient } from "@millimetric/track-node";

const N = 50_000;
const dir = mkdtempSync(join(tmpdir(), "mm-backfill-"));
const ingest = await startIngest({ port: 0, dbPath: join(dir, "db.sqlite") });
try {
  let status429 = 0;
  const client = new MillimetricClient({
    key: ingest.keys.secret,
    host: ingest.url,
    flushAt: 1000,
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      if (res.status === 429) status429++;
      return res;
    },
  });
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    client.track({ event: "completed_checkout", event_id: `order_${i}`, user_id: String(i % 5000), timestamp: "2026-01-15T10:00:00Z", properties: { order_id: i, amount_cents: 4900, currency: "usd" } });
  }
  await client.flush();
  const seconds = (performance.now() - t0) / 1000;
  const eventsPerSec = Math.round(N / seconds);
  // The best any client can do: 20 batches of burst at once, then 5 batches/s of 1000.
  const bestPossible = Math.round(N / ((N / 1000 - 20) / 5));
  console.log(
    JSON.stringify({
      n: N,
      seconds: +seconds.toFixed(2),
      eventsPerSec,
      ofPublished: +(eventsPerSec / 5000).toFixed(3),
      ofBestPossible: +(eventsPerSec / bestPossible).toFixed(3),
      status429,
      delivered: client.stats.delivered,
    }),
  );
} finally {
  await ingest.close();
  rmSync(dir, { recursive: true, force: true });
}
