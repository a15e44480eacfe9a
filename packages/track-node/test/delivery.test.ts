import { afterEach, describe, expect, it, vi } from "vitest";
import { MillimetricClient, MillimetricError } from "../src/index";
import { startStubIngest as startStub } from "@millimetric-internal/test-support/stubIngest";

const KEY = "sk_test_abcdef12_secretsecretsecret";
const stubs: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});
async function stub(...args: Parameters<typeof startStub>) {
  const s = await startStub(...args);
  stubs.push(s);
  return s;
}
const client = (host: string, o: ConstructorParameters<typeof MillimetricClient>[0] = {}) =>
  new MillimetricClient({ key: KEY, host, retryBaseMs: 10, onError: () => {}, ...o });
const ids = (events: Array<Record<string, unknown>>) => events.map((e) => e.event_id).sort();

describe("MillimetricClient delivery", () => {
  it("flushAt 1 sends each event to /v1/track with the key; stamps timestamp and event_id", async () => {
    const s = await stub();
    const c = client(s.url);
    const before = Date.now();
    const id = c.track({ event: "signup", anonymous_id: "u_1" });
    await c.flush();
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ path: "/v1/track", auth: `Bearer ${KEY}` });
    const e = s.events[0]!;
    expect(e).toMatchObject({ event: "signup", anonymous_id: "u_1", event_id: id });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(e.timestamp as string)).toBeGreaterThanOrEqual(before - 1);
  });

  it("keeps a caller's event_id and timestamp (backfills keep their true time)", async () => {
    const s = await stub();
    const c = client(s.url);
    c.track({ event: "completed_checkout", event_id: "order_1", timestamp: "2026-01-02T03:04:05Z" });
    await c.flush();
    expect(s.events[0]).toMatchObject({ event_id: "order_1", timestamp: "2026-01-02T03:04:05Z" });
  });

  it("flushAt > 1 batches to /v1/batch, ≤ 1000 events per request", async () => {
    const s = await stub();
    const c = client(s.url, { flushAt: 100, pacing: false });
    for (let i = 0; i < 2500; i++) c.track({ event: "e", event_id: `e${i}` });
    await c.flush();
    expect(s.requests.every((r) => r.path === "/v1/batch" && r.events.length <= 1000)).toBe(true);
    expect(s.events).toHaveLength(2500);
    expect(new Set(ids(s.events)).size).toBe(2500);
  });

  it("splits a 1000-event batch at the body cap", async () => {
    const s = await stub();
    const c = client(s.url, { flushAt: 1000, pacing: false });
    const pad = "x".repeat(1000);
    for (let i = 0; i < 1000; i++) c.track({ event: "e", event_id: `e${i}`, properties: { pad } });
    await c.flush();
    expect(s.requests.length).toBeGreaterThanOrEqual(4);
    for (const r of s.requests) expect(Buffer.byteLength(JSON.stringify({ events: r.events }))).toBeLessThanOrEqual(262_144);
    expect(ids(s.events)).toEqual(Array.from({ length: 1000 }, (_, i) => `e${i}`).sort());
  });

  it("splits at the body cap by UTF-8 bytes, not string length: multi-byte text, batches filled up to the cap", async () => {
    const s = await stub();
    const c = client(s.url, { flushAt: 1000, pacing: false });
    // 300 UTF-16 units each, 2, 3 and 4 (a surrogate pair) bytes a unit or pair: by length
    // a batch would look three times smaller than it is.
    const pads = ["é".repeat(300), "☃".repeat(300), "😀".repeat(150)];
    for (let i = 0; i < 1000; i++) c.track({ event: "e", event_id: `e${i}`, properties: { pad: pads[i % 3] } });
    await c.flush();
    const sizes = s.requests.map((r) => Buffer.byteLength(JSON.stringify({ events: r.events })));
    for (const size of sizes) expect(size).toBeLessThanOrEqual(262_144);
    // Every batch but the last is full: the next event (at most ~1 KB) would not have fitted.
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThan(262_144 - 1200);
    expect(ids(s.events)).toEqual(Array.from({ length: 1000 }, (_, i) => `e${i}`).sort());
  });

  it("an invalid event throws at track() and never blocks the others", async () => {
    const s = await stub();
    const c = client(s.url, { flushAt: 10 });
    c.track({ event: "ok1" });
    expect(() => c.track({ event: "bad", user_id: "" })).toThrow(/"user_id" must be a string of 1–256 characters/);
    expect(() => c.track({ event: "bad", url: "not a url" })).toThrow(TypeError);
    c.track({ event: "ok2" });
    await c.flush();
    expect(s.events.map((e) => e.event)).toEqual(["ok1", "ok2"]);
  });

  it("a 400 on a batch isolates the bad event and delivers every other one", async () => {
    const s = await stub((r) => (r.events.some((e) => e.event === "poison") ? { status: 400, body: { error: "invalid_payload", details: { fieldErrors: { "events.0.event": "server rule" } } } } : undefined));
    const errors: MillimetricError[] = [];
    const c = client(s.url, { flushAt: 50, pacing: false, onError: (e) => errors.push(e) });
    for (let i = 0; i < 50; i++) c.track({ event: i === 17 ? "poison" : "ok", event_id: `e${i}` });
    await c.flush();
    expect(s.events).toHaveLength(49);
    expect(s.events.some((e) => e.event === "poison")).toBe(false);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 400, serverCode: "invalid_payload", count: 1 });
    expect(c.stats).toMatchObject({ delivered: 49, failed: 1, queued: 0 });
  });

  it("500 → retried with backoff and delivered once", async () => {
    const s = await stub((_r, n) => (n < 2 ? { status: 500, body: { error: "internal_error" } } : undefined));
    const c = client(s.url);
    c.track({ event: "e", event_id: "only" });
    await c.flush();
    expect(s.requests).toHaveLength(3);
    expect(s.events).toEqual([expect.objectContaining({ event_id: "only" })]);
    expect(c.stats).toMatchObject({ delivered: 1, retries: 2 });
  });

  it("429 with Retry-After: 1 → waits that long, then delivers", async () => {
    const s = await stub((_r, n) =>
      n === 0 ? { status: 429, body: { error: "rate_limited", retry_after_s: 1 }, headers: { "retry-after": "1" } } : undefined,
    );
    const c = client(s.url);
    c.track({ event: "e" });
    await c.flush();
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.at - s.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(s.events).toHaveLength(1);
  });

  it("another 4xx is surfaced, not retried", async () => {
    const s = await stub(() => ({ status: 401, body: { error: "invalid_api_key", details: {} } }));
    const errors: MillimetricError[] = [];
    const c = client(s.url, { onError: (e) => errors.push(e) });
    c.track({ event: "e" });
    await c.flush();
    expect(s.requests).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 401, serverCode: "invalid_api_key" });
    expect(errors[0]!.message).toMatch(/^\[millimetric\] server rejected 1 event/);
  });

  it("server down at start, then up → delivered", async () => {
    const probe = await startStub();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const c = client(probe.url, { maxRetries: 8, retryBaseMs: 50 });
    c.track({ event: "e", event_id: "late" });
    const flushed = c.flush();
    await new Promise((r) => setTimeout(r, 300));
    const s = await stub(undefined, port);
    await flushed;
    expect(s.events).toEqual([expect.objectContaining({ event_id: "late" })]);
  });

  it("a stalled request times out and is retried", async () => {
    const s = await stub((_r, n) => (n === 0 ? "handled" : undefined));
    const c = client(s.url, { timeoutMs: 200 });
    c.track({ event: "e", event_id: "x" });
    await c.flush();
    expect(s.requests).toHaveLength(2);
    expect(s.events).toHaveLength(1);
  });

  it("after maxRetries the events go back to the queue and flush() rejects; the next flush delivers them", async () => {
    let down = true;
    const s = await stub(() => (down ? { status: 503 } : undefined));
    const errors: MillimetricError[] = [];
    const c = client(s.url, { maxRetries: 1, flushAt: 5, onError: (e) => errors.push(e) });
    for (let i = 0; i < 5; i++) c.track({ event: "e", event_id: `e${i}` });
    await expect(c.flush()).rejects.toMatchObject({ code: "retries_exhausted", count: 5, status: 503 });
    expect(c.stats.queued).toBe(5);
    expect(errors.map((e) => e.code)).toEqual(["retries_exhausted"]);
    down = false;
    await c.flush();
    expect(ids(s.events)).toEqual(["e0", "e1", "e2", "e3", "e4"]);
  });

  it("a full queue drops the oldest and reports how many", async () => {
    const s = await stub();
    const errors: MillimetricError[] = [];
    const c = client(s.url, { flushAt: 1000, maxQueueSize: 10, onError: (e) => errors.push(e) });
    for (let i = 0; i < 15; i++) c.track({ event: "e", event_id: `e${i}` });
    await Promise.resolve();
    expect(errors).toEqual([expect.objectContaining({ code: "queue_overflow", count: 5 })]);
    expect(errors[0]!.message).toMatch(/maxQueueSize/);
    await c.flush();
    expect(ids(s.events)).toEqual(Array.from({ length: 10 }, (_, i) => `e${i + 5}`).sort());
    expect(c.stats).toMatchObject({ dropped: 5, delivered: 10 });
  });

  it("paces /v1/batch to its budget", async () => {
    const s = await stub();
    const c = client(s.url, { flushAt: 2, maxBatchEvents: 1, maxConcurrentRequests: 8, pacing: { batch: { ratePerSecond: 10, burst: 2 } } });
    for (let i = 0; i < 8; i++) c.track({ event: "e" });
    await c.flush();
    const at = s.requests.map((r) => r.at);
    // burst of 2, then one every 100 ms: the 8th request is ≥ 600 ms after the first.
    expect(at[7]! - at[0]!).toBeGreaterThanOrEqual(550);
    expect(s.requests.every((r) => r.path === "/v1/batch")).toBe(true);
  });

  it("shutdown() flushes, then later events are dropped and reported", async () => {
    const s = await stub();
    const errors: MillimetricError[] = [];
    const c = client(s.url, { flushAt: 100, onError: (e) => errors.push(e) });
    c.track({ event: "before" });
    await c.shutdown();
    c.track({ event: "after" });
    expect(s.events.map((e) => e.event)).toEqual(["before"]);
    expect(errors.map((e) => e.code)).toEqual(["shutdown"]);
  });

  it("shutdown() that rejects leaves no batch hanging in flight (its retry still runs and is reported)", async () => {
    // "a" fails at once; "b" answers late, so it is sleeping before its retry when "a" gives up.
    const s = await stub((r, _n, res) => {
      if (r.events[0]!.event === "b") {
        setTimeout(() => res.writeHead(503).end("{}"), 200);
        return "handled";
      }
      return { status: 503 };
    });
    const errors: MillimetricError[] = [];
    const c = client(s.url, { maxRetries: 1, retryBaseMs: 300, maxBatchEvents: 1, maxConcurrentRequests: 2, flushAt: 2, onError: (e) => errors.push(e) });
    c.track({ event: "a" });
    c.track({ event: "b" });
    await expect(c.shutdown()).rejects.toMatchObject({ code: "retries_exhausted" });
    await vi.waitFor(() => expect(c.stats.inFlight).toBe(0), { timeout: 20_000 });
    expect(errors.filter((e) => e.code === "retries_exhausted")).toHaveLength(2);
    expect(c.stats.queued).toBe(2);
  });

  it("a timer sends events below flushAt after flushIntervalMs", async () => {
    const s = await stub();
    const c = client(s.url, { flushAt: 100, flushIntervalMs: 50 });
    c.track({ event: "e" });
    await vi.waitFor(() => expect(s.events).toHaveLength(1), { timeout: 20_000 });
  });
});
