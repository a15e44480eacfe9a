// A backfill of 50 000 events into the REAL local ingest server, with its published rate
// limits on and the client's default pacing, watched through onDelivery: the delivered
// counts add up to exactly what the ingest stored.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startIngest, type IngestServer } from "@millimetric/ingest";
import { MillimetricClient, type DeliveryEvent, type MillimetricError } from "../src/index";

const N = 50_000;
const START_MS = Date.parse("2025-01-01T00:00:00Z");
/** Events per /v1/query window: each event has its own second, so a window holds this many, well under the query's limit. */
const WINDOW = 500;

let server: { ingest: IngestServer; dir: string } | undefined;
afterEach(async () => {
  if (!server) return;
  await server.ingest.close();
  rmSync(server.dir, { recursive: true, force: true });
  server = undefined;
});

/** How many rows the ingest stored, counted through its read API window by window. */
async function storedRows(ingest: IngestServer): Promise<number> {
  let rows = 0;
  for (let from = 0; from < N; from += WINDOW) {
    const params = new URLSearchParams({
      event: "completed_checkout",
      from: new Date(START_MS + from * 1000).toISOString(),
      to: new Date(START_MS + (from + WINDOW) * 1000).toISOString(),
      limit: "1000",
    });
    const res = await fetch(`${ingest.url}/v1/query?${params}`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
    expect(res.status).toBe(200);
    const { events } = (await res.json()) as { events: unknown[] };
    // Below the limit, so nothing is cut off: a window never holds more than its events.
    expect(events.length).toBeLessThanOrEqual(WINDOW);
    rows += events.length;
  }
  return rows;
}

describe("a 50 000-event backfill against the real ingest server", () => {
  it("reports progress through onDelivery; sum(delivered.count) == rows stored == 50 000", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mm-tn-backfill-"));
    // The published limits (5 batches/s, burst 20): the client's pacing has to hold them.
    const ingest = await startIngest({ port: 0, dbPath: join(dir, "db.sqlite") });
    server = { ingest, dir };
    const deliveries: DeliveryEvent[] = [];
    const progress: number[] = [];
    let delivered = 0;
    const errors: MillimetricError[] = [];
    const client = new MillimetricClient({
      key: ingest.keys.secret,
      host: ingest.url,
      flushAt: 1000,
      maxRetries: 10,
      onError: (e) => errors.push(e),
      onDelivery: (e) => {
        deliveries.push(e);
        if (e.type === "delivered") progress.push((delivered += e.count));
      },
    });
    for (let i = 0; i < N; i++) {
      client.track({
        event: "completed_checkout",
        event_id: `order_${i}`,
        user_id: String(1 + (i % 4000)),
        timestamp: new Date(START_MS + i * 1000).toISOString(),
        properties: { order_id: i, amount_cents: 500 + (i % 20_000), currency: i % 5 ? "usd" : "eur" },
      });
    }
    await client.flush();
    await client.shutdown();

    expect(errors).toEqual([]);
    const sumDelivered = deliveries.filter((e) => e.type === "delivered").reduce((n, e) => n + e.count, 0);
    expect(deliveries.filter((e) => e.type === "dropped")).toEqual([]);
    // Progress came in steps (one per acknowledged batch), rising to the total.
    expect(progress.length).toBeGreaterThanOrEqual(N / 1000);
    expect(progress.every((v, i) => i === 0 || v > progress[i - 1]!)).toBe(true);
    expect(sumDelivered).toBe(N);
    expect(client.stats.delivered).toBe(N);
    expect(await storedRows(ingest)).toBe(sumDelivered);
  }, 240_000);
});
