// onDelivery over real HTTP: each result as it happens (delivered, retry with its wait,
// dropped with its reason); the delivered counts add up to what the server accepted; a
// broken listener never breaks delivery.
import { describe, expect, it, vi } from "vitest";
import type { DeliveryEvent } from "../src/index";
import { quietClient, useStubs } from "./stubs";

const stub = useStubs();
const sum = (events: DeliveryEvent[], type: DeliveryEvent["type"]) => events.filter((e) => e.type === type).reduce((n, e) => n + e.count, 0);

describe("delivery events", () => {
  it("503 then 429 with Retry-After: two retry events (status, wait, attempt), then delivered", async () => {
    const s = await stub((_r, n) => {
      if (n === 0) return { status: 503, body: { error: "unavailable" } };
      if (n === 1) return { status: 429, body: { error: "rate_limited", retry_after_s: 1 }, headers: { "retry-after": "1" } };
      return undefined;
    });
    const events: DeliveryEvent[] = [];
    const c = quietClient(s.url, { flushAt: 3, pacing: false, retryBaseMs: 40, onDelivery: (e) => events.push(e) });
    for (let i = 0; i < 3; i++) c.track({ event: "e", event_id: `e${i}` });
    await c.flush();
    expect(events).toEqual([
      { type: "retry", count: 3, waitMs: expect.any(Number), attempt: 1, status: 503 },
      { type: "retry", count: 3, waitMs: 1000, attempt: 2, status: 429 },
      { type: "delivered", count: 3, status: 202 },
    ]);
    const first = events[0] as Extract<DeliveryEvent, { type: "retry" }>;
    // Backoff with jitter: between half and all of retryBaseMs on the first retry.
    expect(first.waitMs).toBeGreaterThanOrEqual(20);
    expect(first.waitMs).toBeLessThanOrEqual(40);
    expect(s.events).toHaveLength(3);
  });

  it("a request that gets no answer retries without a status", async () => {
    const s = await stub((_r, n) => (n === 0 ? "handled" : undefined));
    const events: DeliveryEvent[] = [];
    const c = quietClient(s.url, { timeoutMs: 300, onDelivery: (e) => events.push(e) });
    c.track({ event: "e" });
    await c.flush();
    expect(events).toEqual([
      { type: "retry", count: 1, waitMs: expect.any(Number), attempt: 1 },
      { type: "delivered", count: 1, status: 202 },
    ]);
  });

  it("a 400 on a batch: dropped invalid_event for the bad event, delivered for the rest, and the delivered counts equal what the server accepted", async () => {
    const s = await stub((r) =>
      r.events.some((e) => e.event === "poison") ? { status: 400, body: { error: "invalid_payload", details: { fieldErrors: { "events.0.event": "server rule" } } } } : undefined,
    );
    const events: DeliveryEvent[] = [];
    const c = quietClient(s.url, { flushAt: 50, pacing: false, onDelivery: (e) => events.push(e) });
    for (let i = 0; i < 50; i++) c.track({ event: i === 17 ? "poison" : "ok", event_id: `e${i}` });
    await c.flush();
    expect(events.filter((e) => e.type === "dropped")).toEqual([{ type: "dropped", count: 1, reason: "invalid_event", status: 400 }]);
    expect(sum(events, "delivered")).toBe(49);
    expect(sum(events, "delivered")).toBe(s.events.length);
  });

  it("another 4xx is dropped as rejected; a redirect as redirected", async () => {
    const s = await stub((r) => (r.events[0]!.event === "refused" ? { status: 401, body: { error: "invalid_api_key" } } : { status: 302, headers: { location: "https://elsewhere.example/" } }));
    const events: DeliveryEvent[] = [];
    const c = quietClient(s.url, { onDelivery: (e) => events.push(e) });
    c.track({ event: "refused" });
    await c.flush();
    c.track({ event: "moved" });
    await c.flush().catch(() => {});
    expect(events).toEqual([
      { type: "dropped", count: 1, reason: "rejected", status: 401 },
      { type: "dropped", count: 1, reason: "redirected", status: 302 },
    ]);
  });

  it("queue overflow and track() after shutdown() are dropped events with their reasons", async () => {
    const s = await stub();
    const events: DeliveryEvent[] = [];
    const c = quietClient(s.url, { flushAt: 1000, maxQueueSize: 10, onDelivery: (e) => events.push(e) });
    for (let i = 0; i < 15; i++) c.track({ event: "e", event_id: `e${i}` });
    await c.shutdown();
    expect(c.track({ event: "late" })).toBeUndefined();
    expect(events).toEqual([
      { type: "dropped", count: 5, reason: "queue_overflow" },
      { type: "delivered", count: 10, status: 202 },
      { type: "dropped", count: 1, reason: "shutdown" },
    ]);
  });

  it("shutdown()'s deadline: what was left is one dropped shutdown event with its count", async () => {
    const s = await stub(() => "handled"); // never answers
    const events: DeliveryEvent[] = [];
    const c = quietClient(s.url, { flushAt: 4, pacing: false, onDelivery: (e) => events.push(e) });
    for (let i = 0; i < 4; i++) c.track({ event: "e" });
    await c.shutdown({ timeoutMs: 1500 }).catch(() => {});
    expect(events.filter((e) => e.type === "dropped")).toEqual([{ type: "dropped", count: 4, reason: "shutdown" }]);
  });

  it("a listener that throws, or rejects, never breaks delivery nor becomes an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const s = await stub((_r, n) => (n === 0 ? { status: 500 } : undefined));
      const listeners = [
        vi.fn((_e: DeliveryEvent) => {
          throw new Error("dashboard down");
        }),
        vi.fn(async (_e: DeliveryEvent) => {
          throw new Error("dashboard down");
        }),
      ];
      for (const onDelivery of listeners) {
        const c = quietClient(s.url, { flushAt: 5, pacing: false, onDelivery, beforeSend: (e) => (e.event === "skip" ? null : e) });
        c.track({ event: "skip" });
        for (let i = 0; i < 5; i++) c.track({ event: "e" });
        await c.flush();
        expect(c.stats).toMatchObject({ delivered: 5, dropped: 1, queued: 0, inFlight: 0 }); // "skip", by beforeSend
      }
      for (let i = 0; i < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      // dropped (before_send), delivered for each; the first client also saw the retry.
      expect(listeners[0]!.mock.calls.map(([e]) => e.type)).toEqual(["dropped", "retry", "delivered"]);
      expect(listeners[1]!.mock.calls.map(([e]) => e.type)).toEqual(["dropped", "delivered"]);
      expect(s.events).toHaveLength(10);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
