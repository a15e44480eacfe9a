// The delivery rules again, this time against the real local ingest server (not a stub):
// what it stores is what a user would see.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startIngest, type IngestOptions, type IngestServer } from "@millimetric/ingest";
import { MillimetricClient, type MillimetricError } from "../src/index";

const open: Array<{ ingest: IngestServer; dir: string }> = [];
afterEach(async () => {
  for (const { ingest, dir } of open.splice(0)) {
    await ingest.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
async function ingest(options: IngestOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "mm-tn-"));
  const server = await startIngest({ port: 0, dbPath: join(dir, "db.sqlite"), ...options });
  open.push({ ingest: server, dir });
  return server;
}
async function stored(server: IngestServer, params: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/v1/query?${new URLSearchParams({ limit: "1000", ...params })}`, {
    headers: { authorization: `Bearer ${server.keys.read}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: Array<Record<string, unknown>> }).events;
}

describe("MillimetricClient against the real ingest server", () => {
  it("delivers single events and batches; a retried event_id is stored once", async () => {
    const server = await ingest({ rateLimits: false });
    const c = new MillimetricClient({ key: server.keys.secret, host: server.url });
    c.track({ event: "signup", anonymous_id: "u_a", event_id: "evt_1" });
    await c.flush();
    c.track({ event: "signup", anonymous_id: "u_a", event_id: "evt_1" }); // a redelivered webhook
    const batch = new MillimetricClient({ key: server.keys.secret, host: server.url, flushAt: 50, pacing: false });
    for (let i = 0; i < 120; i++) batch.track({ event: "e", anonymous_id: "u_b", event_id: `b${i}` });
    await Promise.all([c.flush(), batch.flush()]);
    expect(await stored(server, { anonymous_id: "u_a" })).toHaveLength(1);
    expect(await stored(server, { anonymous_id: "u_b" })).toHaveLength(120);
  });

  it("429 from the server's own rate limit → waits Retry-After and delivers everything", async () => {
    const server = await ingest({ rateLimits: { batch: { ratePerSecond: 2, burst: 1 } } });
    const c = new MillimetricClient({ key: server.keys.secret, host: server.url, flushAt: 10, maxBatchEvents: 10, pacing: false, maxRetries: 10 });
    for (let i = 0; i < 30; i++) c.track({ event: "e", anonymous_id: "u_rl", event_id: `r${i}` });
    await c.flush();
    expect(c.stats.retries).toBeGreaterThan(0);
    expect(await stored(server, { anonymous_id: "u_rl" })).toHaveLength(30);
  });

  it("client-side pacing keeps the same burst under the limit without a single 429", async () => {
    const server = await ingest({ rateLimits: { batch: { ratePerSecond: 10, burst: 2 } } });
    const c = new MillimetricClient({ key: server.keys.secret, host: server.url, flushAt: 10, maxBatchEvents: 10, pacing: { batch: { ratePerSecond: 10, burst: 2 } } });
    for (let i = 0; i < 60; i++) c.track({ event: "e", anonymous_id: "u_p", event_id: `p${i}` });
    await c.flush();
    expect(c.stats.retries).toBe(0);
    expect(await stored(server, { anonymous_id: "u_p" })).toHaveLength(60);
  });

  it("a batch the server refuses as too large (413) is split and delivered", async () => {
    const server = await ingest({ rateLimits: false });
    const errors: MillimetricError[] = [];
    // Allow bodies above the server's 1 MiB batch limit so the server, not the client, splits it.
    const c = new MillimetricClient({ key: server.keys.secret, host: server.url, flushAt: 300, pacing: false, maxBatchBytes: 8 * 2 ** 20, onError: (e) => errors.push(e) });
    const pad = "x".repeat(7000);
    for (let i = 0; i < 300; i++) c.track({ event: "big", anonymous_id: "u_big", event_id: `g${i}`, properties: { pad } });
    await c.flush();
    expect(c.stats.requests).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    expect(await stored(server, { anonymous_id: "u_big", limit: "1000" })).toHaveLength(300);
  });

  it("server down at start, then up → delivered", async () => {
    const first = await ingest({ rateLimits: false });
    const { port } = new URL(first.url);
    const dbPath = join(open[0]!.dir, "db.sqlite");
    await first.close();
    open.splice(0, 1);
    const c = new MillimetricClient({ key: first.keys.secret, host: first.url, maxRetries: 8, retryBaseMs: 50 });
    c.track({ event: "late", anonymous_id: "u_late", event_id: "late_1" });
    const flushed = c.flush();
    await new Promise((r) => setTimeout(r, 300));
    const again = await ingest({ port: Number(port), dbPath, keys: first.keys, rateLimits: false });
    await flushed;
    expect(await stored(again, { anonymous_id: "u_late" })).toHaveLength(1);
  });
});
