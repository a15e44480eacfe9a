import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MillimetricClient, type MillimetricError } from "@millimetric/track-node";
import { seeded, startFaultProxy } from "./faultProxy";
import { report } from "./report";
import { testIngest } from "./testIngest";

let ingest: Awaited<ReturnType<typeof testIngest>>;
beforeAll(async () => void (ingest = await testIngest()));
afterAll(() => ingest.close());

describe("delivery under faults (Node SDK → fault proxy → real ingest)", () => {
  it("20 000 events with flushAt 100 through 500s, 429s, resets, lost acks, stalls and an outage: each stored exactly once", async () => {
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1e9);
    const proxy = await startFaultProxy(ingest.url, seeded(seed));
    const errors: MillimetricError[] = [];
    const client = new MillimetricClient({ key: ingest.keys.secret, host: proxy.url, flushAt: 100, maxBatchEvents: 100, timeoutMs: 1000, pacing: false, onError: (e) => errors.push(e) });
    const N = 20_000;
    const t0 = Date.now();
    const outage = new Promise((r) => setTimeout(r, 1500)).then(() => proxy.down(2500));
    for (let i = 0; i < N; i++) {
      client.track({ event: "purchase", event_id: `fault_${i}`, anonymous_id: `u_${i % 97}`, properties: { i } });
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 40)); // a live server's trickle
    }
    await outage;
    let rejected = 0;
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        await client.flush();
        break;
      } catch (err) {
        expect((err as MillimetricError).code).toBe("retries_exhausted");
        rejected++;
      }
    }
    const { rows, distinct } = ingest.count("fault_");
    const ids = ingest.ids("fault_");
    const lost = Array.from({ length: N }, (_, i) => `fault_${i}`).filter((id) => !ids.has(id)).length;
    const gaveUp = errors.filter((e) => e.code === "retries_exhausted");
    report("deliveryUnderFaults", {
      seed,
      events: N,
      delivered: distinct,
      lost,
      duplicatedRows: rows - distinct,
      redeliveriesDeduped: proxy.counts.ackLost,
      faults: proxy.counts,
      flushRejections: rejected,
      reportedGiveUps: gaveUp.length,
      requests: client.stats.requests,
      retries: client.stats.retries,
      seconds: (Date.now() - t0) / 1000,
    });
    await proxy.close();
    expect(proxy.counts.http500 + proxy.counts.http429 + proxy.counts.reset + proxy.counts.ackLost + proxy.counts.stall).toBeGreaterThan(20);
    expect(proxy.counts.refused).toBe(1);
    expect(lost).toBe(0);
    expect(rows).toBe(N);
    expect(distinct).toBe(N);
    // Every give-up was reported, each rejected flush had one, and nothing was dropped.
    expect(gaveUp.length).toBeGreaterThanOrEqual(rejected);
    expect(errors.filter((e) => e.code !== "retries_exhausted")).toEqual([]);
    expect(client.stats).toMatchObject({ queued: 0, dropped: 0, failed: 0 });
  });

  it("a 400 on a batch caused by one bad event (a server-side rule): every other event is delivered", async () => {
    // The proxy plays a server rule the SDK cannot know: batches holding "forbidden" are refused.
    const { createServer, request } = await import("node:http");
    const target = new URL(ingest.url);
    const rule = createServer(async (req, res) => {
      let body = "";
      for await (const c of req) body += c;
      if (body.includes('"forbidden"')) {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid_payload","details":{"fieldErrors":{"event":"forbidden by project rule"}}}');
        return;
      }
      const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      });
      out.end(body);
    });
    await new Promise<void>((r) => rule.listen(0, "127.0.0.1", r));
    const errors: MillimetricError[] = [];
    const client = new MillimetricClient({ key: ingest.keys.secret, host: `http://127.0.0.1:${(rule.address() as { port: number }).port}`, flushAt: 1000, pacing: false, onError: (e) => errors.push(e) });
    for (let i = 0; i < 1000; i++) client.track({ event: i === 613 ? "forbidden" : "ok", event_id: `rule_${i}` });
    await client.flush();
    await new Promise<void>((r) => rule.close(() => r()));
    const { rows } = ingest.count("rule_");
    report("badEventInBatch", { events: 1000, delivered: rows, rejected: errors.reduce((n, e) => n + e.count, 0), requests: client.stats.requests });
    expect(rows).toBe(999);
    expect(ingest.ids("rule_").has("rule_613")).toBe(false);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 400, count: 1 });
  });
});
