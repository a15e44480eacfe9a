import { MillimetricError } from "@millimetric/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectError, KEYS, ORIGIN, startTestIngest, type TestIngest } from "../test/startTestIngest";

describe("token-bucket rate limits per project and route", () => {
  let t: TestIngest;
  beforeAll(async () => {
    // The buckets read Date.now: frozen here, so a slow, loaded machine refills nothing
    // between requests, and the test moves the clock itself (timers stay real for HTTP).
    vi.useFakeTimers({ toFake: ["Date"] });
    t = await startTestIngest({ rateLimits: { track: { ratePerSecond: 2, burst: 3 } } });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it("answers 429 rate_limited with Retry-After in whole seconds and retry_after_s, then recovers", async () => {
    for (let i = 0; i < 3; i++) expect((await t.track({ event: "limited", anonymous_id: "u_rl" })).status).toBe(202);
    // pk_ and sk_ share the project's bucket; the CORS header lets the browser SDK read Retry-After
    const res = await t.call("/v1/track", { key: KEYS.publishable, origin: ORIGIN, body: { event: "limited" } });
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("access-control-expose-headers")).toMatch(/Retry-After/);
    const body = await expectError(res, 429, "rate_limited");
    expect(body.retry_after_s).toBe(1);
    expect(body.details).toMatchObject({ route: "track", limit: { rate_per_second: 2, burst: 3 } });
    // the batch route has its own bucket (default 5/s, burst 20)
    expect((await t.call("/v1/batch", { body: { events: [{ event: "limited", anonymous_id: "u_rl" }] } })).status).toBe(202);
    vi.setSystemTime(Date.now() + 600); // more than the 500 ms one token takes at 2/s
    expect((await t.track({ event: "limited", anonymous_id: "u_rl" })).status).toBe(202);
    expect(await t.query({ anonymous_id: "u_rl" })).toHaveLength(5);
  });

  it("limits /v1/batch to its published burst of 20 by default", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++) {
      statuses.push((await t.call("/v1/batch", { body: { events: [{ event: "burst" }] } })).status);
    }
    expect(statuses.slice(0, 19)).toEqual(Array(19).fill(202)); // one token went to the test above
    expect(statuses).toContain(429);
    expect(t.errors).toEqual([]);
  });
});

describe("rateLimits: false", () => {
  it("never answers 429", async () => {
    const t = await startTestIngest({ rateLimits: false });
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, () => t.call("/v1/batch", { body: { events: [{ event: "unlimited" }] } })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(40).fill(202));
    } finally {
      await t.close();
    }
  });

  it("rejects a nonsensical limit at start", async () => {
    const started = startTestIngest({ rateLimits: { batch: { ratePerSecond: 0, burst: 1 } } });
    await expect(started).rejects.toThrow(
      /rateLimits\.batch needs ratePerSecond > 0/,
    );
    await expect(started).rejects.toSatisfy((err) => err instanceof MillimetricError && err instanceof TypeError && err.code === "invalid_config");
  });
});
