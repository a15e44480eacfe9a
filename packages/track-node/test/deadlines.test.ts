// shutdown() and flush() within a time budget, against a server that never answers: with the
// defaults (10 s request timeout, 3 retries) delivery alone would hold them about 40 s.
import { describe, expect, it, vi } from "vitest";
import { flush, getClient, init, MillimetricClient, shutdown, track, type MillimetricError } from "../src/index";
import { KEY, quietClient, rejectionOf, useStubs } from "./stubs";

const stub = useStubs();

/** A server that takes every request and never answers; `closed` lists the requests the client hung up on. */
async function silentServer() {
  const closed: number[] = [];
  const s = await stub((_r, n, res) => {
    res.on("close", () => closed.push(n));
    return "handled";
  });
  return Object.assign(s, { closed });
}

describe("shutdown({ timeoutMs })", () => {
  it("defaults to 5 000 ms: what is left is dropped, reported with its count, the request aborted", async () => {
    const s = await silentServer();
    const errors: MillimetricError[] = [];
    // The engine's defaults otherwise: timeoutMs 10 000, maxRetries 3.
    const c = new MillimetricClient({ key: KEY, host: s.url, flushAt: 5, onError: (e) => errors.push(e) });
    for (let i = 0; i < 5; i++) c.track({ event: "e", event_id: `e${i}` });
    const err = (await rejectionOf(c.shutdown())) as MillimetricError;
    expect(err).toMatchObject({ code: "shutdown", count: 5 });
    expect(err.message).toMatch(/^\[millimetric\] shutdown\(\{ timeoutMs: 5000 \}\) ran out of time: dropped 5 event\(s\)/);
    expect(errors).toEqual([err]);
    // Settled before the first request could even time out and be retried.
    expect(s.requests).toHaveLength(1);
    expect(c.stats).toMatchObject({ delivered: 0, dropped: 5, queued: 0, retries: 0 });
    await vi.waitFor(() => expect(s.closed).toEqual([0]), { timeout: 20_000 }); // aborted, not left open
    await vi.waitFor(() => expect(c.stats.inFlight).toBe(0), { timeout: 20_000 });
    c.track({ event: "after" });
    expect(errors.map((e) => e.code)).toEqual(["shutdown", "shutdown"]);
    expect(s.requests).toHaveLength(1);
  });

  it("the module-level shutdown() takes it too; events sleeping before a retry are counted and the sleep cut short", async () => {
    let n = 0;
    const s = await stub(() => (n++ === 0 ? { status: 503 } : "handled")); // a 503, then silence
    const errors: MillimetricError[] = [];
    init({ key: KEY, host: s.url, retryBaseMs: 60_000, onError: (e) => errors.push(e) });
    track({ event: "a" });
    await vi.waitFor(() => expect(s.requests).toHaveLength(1), { timeout: 20_000 }); // now sleeping ~30–60 s before its retry
    await expect(shutdown({ timeoutMs: 250 })).rejects.toMatchObject({ code: "shutdown", count: 1, message: expect.stringContaining("timeoutMs: 250") });
    expect(errors.map((e) => [e.code, e.count])).toEqual([["shutdown", 1]]);
    await vi.waitFor(() => expect(getClient().stats.inFlight).toBe(0), { timeout: 20_000 });
    expect(s.requests).toHaveLength(1); // the retry never ran
    expect(getClient().stats).toMatchObject({ dropped: 1, queued: 0, delivered: 0 });
  });

  it("resolves as before when delivery finishes in time; Infinity waits as long as delivery takes", async () => {
    const s = await stub((_r, n) => (n < 2 ? { status: 503 } : undefined));
    const c = quietClient(s.url, { retryBaseMs: 100 });
    c.track({ event: "e" });
    await c.shutdown({ timeoutMs: Infinity });
    expect(c.stats).toMatchObject({ delivered: 1, dropped: 0, retries: 2 });
  });
});

describe("flush({ timeoutMs })", () => {
  it("rejects with the count when time runs out; nothing is dropped or reported, and a later flush() delivers", async () => {
    const s = await stub((_r, n, res) => (n === 0 ? "handled" : undefined)); // the first request stalls
    const errors: MillimetricError[] = [];
    init({ key: KEY, host: s.url, timeoutMs: 3000, retryBaseMs: 10, flushAt: 3, onError: (e) => errors.push(e) });
    for (let i = 0; i < 3; i++) track({ event: "e", event_id: `e${i}` });
    const err = (await rejectionOf(flush({ timeoutMs: 100 }))) as MillimetricError;
    expect(err).toMatchObject({ code: "timeout", count: 3 });
    expect(err.message).toMatch(/^\[millimetric\] flush\(\{ timeoutMs: 100 \}\) ran out of time with 3 event\(s\) not yet delivered; they stay queued/);
    expect(s.requests).toHaveLength(1); // still the first request: the deadline, not the request timeout, ended the wait
    expect(errors).toEqual([]);
    await flush(); // today's behaviour without timeoutMs: the stalled request times out, is retried, delivered
    expect(s.events.map((e) => e.event_id)).toEqual(["e0", "e1", "e2"]);
    expect(getClient().stats).toMatchObject({ delivered: 3, dropped: 0, retries: 1 });
  });

  it("resolves when delivery beats the deadline", async () => {
    const s = await stub();
    const c = quietClient(s.url);
    c.track({ event: "e" });
    await c.flush({ timeoutMs: 30_000 });
    expect(s.events).toHaveLength(1);
  });
});

