import { request } from "node:http";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectError, KEYS, ORIGIN, startTestIngest, type TestIngest } from "../test/startTestIngest";

let t: TestIngest;
beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
});
afterEach(async () => {
  await t.expectAlive();
});
afterAll(async () => {
  await t.close();
});

describe("POST /v1/track", () => {
  it("answers 202 with the event_id and stores the wire fields, source and arrival time", async () => {
    const before = Date.now();
    const res = await t.track({
      event: "signup",
      event_id: "evt_track_1",
      anonymous_id: "u_track",
      user_id: "42",
      timestamp: "2026-01-31T12:00:00+02:00",
      url: "https://shop.example/pricing?plan=pro",
      referrer: "https://google.com/",
      properties: { plan: "pro" },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true, event_id: "evt_track_1" });
    const [row] = await t.query({ anonymous_id: "u_track" });
    expect(row).toEqual({
      event: "signup",
      event_id: "evt_track_1",
      timestamp: "2026-01-31T10:00:00.000Z",
      anonymous_id: "u_track",
      user_id: "42",
      // ${anonymous_id}-${floor(unix_seconds/1800)}
      session_id: `u_track-${Math.floor(Date.parse("2026-01-31T10:00:00Z") / 1000 / 1800)}`,
      url: "https://shop.example/pricing?plan=pro",
      path: "/pricing",
      referrer: "https://google.com/",
      properties: { plan: "pro" },
      source: "server",
      received_at: expect.any(String),
      // A server's address is not the visitor's.
      ip: null,
    });
    expect(Date.parse(row!.received_at as string)).toBeGreaterThanOrEqual(before - 5);
  });

  it("answers event_id null without one, stamps the arrival time, keeps a given session_id and path", async () => {
    const res = await t.track({ event: "no_id", anonymous_id: "u_noid", session_id: "s_1", path: "/custom" });
    expect(await res.json()).toEqual({ ok: true, event_id: null });
    const [row] = await t.query({ anonymous_id: "u_noid" });
    expect(row).toMatchObject({ event_id: null, session_id: "s_1", path: "/custom" });
    expect(row!.timestamp).toBe(row!.received_at);
  });

  it("strips fields the server derives (a client cannot claim to be a browser)", async () => {
    const res = await t.track({ event: "stripped", anonymous_id: "u_strip", source: "browser", browser: "Netscape", country: "XX" });
    expect(res.status).toBe(202);
    const [row] = await t.query({ anonymous_id: "u_strip" });
    expect(row).toMatchObject({ source: "server" });
    expect(row).not.toHaveProperty("browser");
  });

  it("invents an anonymous_id for an event with neither id, as the hosted service does", async () => {
    await t.track({ event: "orphan_event" });
    const [row] = await t.query({ event: "orphan_event" });
    expect(row!.anonymous_id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(row!.user_id).toBeNull();
  });

  it("rejects an invalid event with 400 invalid_payload naming each field (core's rules)", async () => {
    const body = await expectError(
      await t.track({ event: "$custom", user_id: 42, url: "/relative", properties: { big: "x".repeat(9000) } }),
      400,
      "invalid_payload",
    );
    expect(body.details.fieldErrors).toEqual({
      event: expect.stringMatching(/reserved/),
      user_id: expect.stringMatching(/1–256/),
      url: expect.stringMatching(/absolute URL/),
      properties: expect.stringMatching(/8192 bytes/),
    });
    expect((await expectError(await t.track({}), 400, "invalid_payload")).details.fieldErrors).toEqual({
      event: expect.stringMatching(/required/),
    });
  });
});

describe("de-duplication on event_id", () => {
  it("stores a retried event once and still answers 202 each time", async () => {
    const event = { event: "completed_checkout", event_id: "evt_stripe_1", user_id: "7", anonymous_id: "u_dup" };
    for (let i = 0; i < 3; i++) expect((await t.track(event)).status).toBe(202);
    const batch = await t.call("/v1/batch", { body: { events: [event, { ...event, event: "other" }, { event: "fresh", event_id: "evt_fresh" }] } });
    expect(await batch.json()).toEqual({ ok: true, count: 3 });
    expect(await t.query({ anonymous_id: "u_dup" })).toHaveLength(1);
    expect((await t.query({ anonymous_id: "u_dup" }))[0]!.event).toBe("completed_checkout");
    expect(await t.query({ event: "fresh" })).toHaveLength(1);
  });

  it("is per source: a browser (pk_) event claiming a server event's event_id neither suppresses nor replaces it", async () => {
    const browser = (body: unknown, path = "/v1/track") => t.call(path, { key: KEYS.publishable, origin: ORIGIN, body });
    // The forger comes first, from a pk_ call (Origin is only a header outside browsers).
    const forged = { event: "completed_checkout", event_id: "order_1001", user_id: "forger", properties: { amount_cents: 1 } };
    expect((await browser(forged)).status).toBe(202);
    const real = { event: "completed_checkout", event_id: "order_1001", user_id: "buyer_1001", anonymous_id: "u_buyer_1001", properties: { amount_cents: 4900 } };
    expect((await t.track(real)).status).toBe(202);
    // the webhook is delivered again, and the forger retries: still one row per source
    expect((await t.track({ ...real, properties: { amount_cents: 0 } })).status).toBe(202);
    expect((await browser({ ...forged, user_id: "buyer_1001", properties: { amount_cents: 2 } })).status).toBe(202);
    const server = await t.query({ user_id: "buyer_1001" });
    expect(server).toEqual([expect.objectContaining({ event_id: "order_1001", source: "server", properties: { amount_cents: 4900 } })]);
    expect(await t.query({ user_id: "forger" })).toEqual([expect.objectContaining({ event_id: "order_1001", source: "browser" })]);

    // Server first, then a forged browser event (single or batched): the server row is untouched.
    const order = { event: "completed_checkout", event_id: "order_1002", user_id: "buyer_1002", properties: { amount_cents: 990 } };
    expect((await t.call("/v1/batch", { body: { events: [order] } })).status).toBe(202);
    expect((await browser({ events: [{ ...order, properties: { amount_cents: 1 } }] }, "/v1/batch")).status).toBe(202);
    expect((await browser({ ...order, properties: { amount_cents: 1 } })).status).toBe(202);
    const rows = await t.query({ user_id: "buyer_1002" });
    expect(rows.map((r) => [r.source, (r.properties as { amount_cents: number }).amount_cents]).sort()).toEqual([
      ["browser", 1],
      ["server", 990],
    ]);
  });

  it("keeps every event that has no event_id (they cannot be de-duplicated)", async () => {
    await t.track({ event: "no_dedupe", anonymous_id: "u_nd" });
    await t.track({ event: "no_dedupe", anonymous_id: "u_nd" });
    expect(await t.query({ anonymous_id: "u_nd" })).toHaveLength(2);
  });
});

describe("timestamps in the future", () => {
  const HOUR = 3_600_000;
  it("rejects a timestamp more than 24 hours ahead of the server's clock with 400 invalid_payload naming it", async () => {
    for (const timestamp of ["9999-12-31T00:00:00Z", new Date(Date.now() + 25 * HOUR).toISOString()]) {
      const body = await expectError(await t.track({ event: "from_the_future", anonymous_id: "u_future", timestamp }), 400, "invalid_payload");
      expect(body.details.fieldErrors).toEqual({ timestamp: expect.stringMatching(/^must be at most 24 hours ahead of the server's clock/) });
    }
    const identify = await expectError(
      await t.call("/v1/identify", { body: { anonymous_id: "u_future", user_id: "future_user", timestamp: "9999-12-31T00:00:00Z" } }),
      400,
      "invalid_payload",
    );
    expect(Object.keys(identify.details.fieldErrors!)).toEqual(["timestamp"]);
    expect(await t.query({ anonymous_id: "u_future" })).toEqual([]);
  });

  it("is all-or-nothing in a batch: one far-future event of 30 → events.N.timestamp, nothing written", async () => {
    const events = Array.from({ length: 30 }, (_, i) => ({ event: "pinned", anonymous_id: `u_pin_${i}`, timestamp: "2026-01-01T00:00:00Z" }));
    events[7] = { ...events[7]!, timestamp: "9999-12-31T23:59:59Z" };
    events[12] = { ...events[12]!, timestamp: "3000-01-01T00:00:00+14:00" };
    const body = await expectError(await t.call("/v1/batch", { body: { events } }), 400, "invalid_payload");
    expect(Object.keys(body.details.fieldErrors!).sort()).toEqual(["events.12.timestamp", "events.7.timestamp"]);
    expect(body.details.fieldErrors!["events.7.timestamp"]).toMatch(/24 hours/);
    expect(await t.query({ event: "pinned" })).toEqual([]);
  });

  it("takes a client clock a little ahead (within 24 hours) and backfills from long ago", async () => {
    const ahead = new Date(Date.now() + 23 * HOUR).toISOString();
    expect((await t.track({ event: "clock_ahead", anonymous_id: "u_clock", timestamp: ahead })).status).toBe(202);
    const old = [
      { event: "backfilled_order", user_id: "old_buyer", event_id: "bf_1", timestamp: "2015-06-01T12:00:00Z" },
      { event: "backfilled_order", user_id: "old_buyer", event_id: "bf_2", timestamp: "1999-12-31T23:59:59+01:00" },
    ];
    expect((await t.call("/v1/batch", { body: { events: old } })).status).toBe(202);
    expect((await t.query({ anonymous_id: "u_clock" })).map((r) => r.timestamp)).toEqual([ahead]);
    expect((await t.query({ user_id: "old_buyer" })).map((r) => r.timestamp)).toEqual(["2015-06-01T12:00:00.000Z", "1999-12-31T22:59:59.000Z"]);
  });
});

describe("POST /v1/batch", () => {
  it("answers 202 with the count and stores every event", async () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ event: "batched", anonymous_id: "u_batch", event_id: `b_${i}` }));
    const res = await t.call("/v1/batch", { body: { events } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true, count: 50 });
    expect(await t.query({ anonymous_id: "u_batch", limit: 1000 })).toHaveLength(50);
  });

  it("is all-or-nothing: one bad event of 50 → 400 naming events.N.field, nothing written", async () => {
    const events: unknown[] = Array.from({ length: 50 }, (_, i) => ({ event: "atomic", anonymous_id: "u_atomic", event_id: `a_${i}` }));
    events[3] = { event: "atomic", anonymous_id: "u_atomic", user_id: "" };
    events[41] = "not an event";
    const body = await expectError(await t.call("/v1/batch", { body: { events } }), 400, "invalid_payload");
    expect(body.details.fieldErrors).toEqual({
      "events.3.user_id": "must be a string of 1–256 characters",
      "events.41": expect.stringMatching(/object/),
    });
    expect(await t.query({ anonymous_id: "u_atomic" })).toEqual([]);
  });

  it("takes 1000 events and rejects 1001, an empty batch and a missing events array", async () => {
    const make = (n: number) => Array.from({ length: n }, () => ({ event: "big_batch" }));
    expect((await t.call("/v1/batch", { body: { events: make(1000) } })).status).toBe(202);
    const over = await expectError(await t.call("/v1/batch", { body: { events: make(1001) } }), 400, "invalid_payload");
    expect(over.details.fieldErrors!.events).toMatch(/1–1000 events \(got 1001 events\)/);
    await expectError(await t.call("/v1/batch", { body: { events: [] } }), 400, "invalid_payload");
    await expectError(await t.call("/v1/batch", { body: { event: "x" } }), 400, "invalid_payload");
    expect(await t.query({ event: "big_batch", limit: 1000 })).toHaveLength(1000);
  });
});

describe("POST /v1/identify", () => {
  it("stores a $identify row linking the ids, traits as properties", async () => {
    const res = await t.call("/v1/identify", { body: { anonymous_id: "u_ident", user_id: "99", traits: { email: "a@b.c" } } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(await t.query({ anonymous_id: "u_ident" })).toEqual([
      expect.objectContaining({ event: "$identify", anonymous_id: "u_ident", user_id: "99", properties: { email: "a@b.c" } }),
    ]);
  });

  it("requires both ids and checks them with core's rules", async () => {
    const body = await expectError(await t.call("/v1/identify", { body: { traits: [] } }), 400, "invalid_payload");
    expect(body.details.fieldErrors).toEqual({
      anonymous_id: expect.stringMatching(/required/),
      user_id: expect.stringMatching(/required/),
      traits: expect.stringMatching(/plain JSON object/),
    });
    const long = await expectError(
      await t.call("/v1/identify", { body: { anonymous_id: "a".repeat(129), user_id: "1" } }),
      400,
      "invalid_payload",
    );
    expect(long.details.fieldErrors).toEqual({ anonymous_id: "must be a string of 1–128 characters" });
  });
});

describe("POST /v1/forget", () => {
  it("deletes that user's rows only, not the anonymous rows from before identify", async () => {
    await t.track({ event: "$pageview", anonymous_id: "u_forget" });
    await t.call("/v1/identify", { body: { anonymous_id: "u_forget", user_id: "gone" } });
    await t.track({ event: "signup", anonymous_id: "u_forget", user_id: "gone" });
    await t.track({ event: "refund", user_id: "gone" });
    await t.track({ event: "signup", anonymous_id: "u_other", user_id: "stays" });
    const res = await t.call("/v1/forget", { body: { user_id: "gone" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, queued: true });
    expect(await t.query({ user_id: "gone" })).toEqual([]);
    expect((await t.query({ anonymous_id: "u_forget" })).map((r) => r.event)).toEqual(["$pageview"]);
    expect(await t.query({ user_id: "stays" })).toHaveLength(1);
  });

  it("needs the sk_ key: pk_ and rk_ get 403 forget_requires_secret_key", async () => {
    await expectError(
      await t.call("/v1/forget", { key: KEYS.publishable, origin: ORIGIN, body: { user_id: "stays" } }),
      403,
      "forget_requires_secret_key",
    );
    await expectError(await t.call("/v1/forget", { key: KEYS.read, body: { user_id: "stays" } }), 403, "forget_requires_secret_key");
    await expectError(await t.call("/v1/forget", { body: {} }), 400, "invalid_payload");
    expect(await t.query({ user_id: "stays" })).toHaveLength(1);
  });
});

describe("hostile and broken bodies", () => {
  it("malformed JSON, an empty body and a non-object are 400 invalid_payload", async () => {
    for (const raw of ['{"event":', "", "[1,2]", "null", '"signup"', "\u0000\uffff"]) {
      const body = await expectError(await t.call("/v1/track", { raw }), 400, "invalid_payload");
      expect(body.details.fieldErrors!.body).toMatch(/JSON/);
    }
    await expectError(await t.call("/v1/batch", { raw: "{oops" }), 400, "invalid_payload");
    await expectError(await t.call("/v1/identify", { raw: "]" }), 400, "invalid_payload");
  });

  it("survives prototype keys and deeply nested properties", async () => {
    expect((await t.call("/v1/track", { raw: '{"event":"proto","anonymous_id":"u_proto","__proto__":{"polluted":1}}' })).status).toBe(202);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const deep = '{"event":"deep","properties":' + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}";
    const res = await t.call("/v1/track", { raw: deep });
    expect([202, 400]).toContain(res.status);
  });

  it("answers 413 for a body over the route's limit, declared or streamed", async () => {
    const huge = { event: "huge", properties: {}, pad: "x".repeat(70 * 1024) };
    const track = await expectError(await t.track(huge), 413, "invalid_payload");
    expect(track.details).toMatchObject({ limit_bytes: 65536, fieldErrors: { body: expect.stringMatching(/at most 65536 bytes/) } });
    const events = Array.from({ length: 900 }, () => ({ event: "fat", properties: { pad: "y".repeat(1200) } }));
    const batch = await expectError(await t.call("/v1/batch", { body: { events } }), 413, "invalid_payload");
    expect(batch.details.limit_bytes).toBe(1024 * 1024);

    // chunked: no Content-Length, the limit is counted while reading
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${t.url}/v1/track`, {
        method: "POST",
        headers: { authorization: `Bearer ${KEYS.secret}`, "content-type": "application/json" },
      });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (c) => (body += c)).on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      req.write('{"event":"chunked","pad":"');
      for (let i = 0; i < 20; i++) req.write("z".repeat(8192));
      req.end('"}');
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error).toBe("invalid_payload");
    expect(await t.query({ event: "fat" })).toEqual([]);
  });

  it("answers unknown routes with 404 and wrong methods with 405", async () => {
    await expectError(await t.call("/v1/nope"), 404, "not_found");
    await expectError(await t.call("/v1/../../etc/passwd"), 404, "not_found");
    const res = await t.call("/v1/track", { method: "GET" });
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
    await expectError(res, 405, "method_not_allowed");
    await expectError(await t.call("/v1/query", { method: "DELETE" }), 405, "method_not_allowed");
  });
});

describe("a failing database", () => {
  it("answers 500 internal_error, rolls the whole request back, reports the error and keeps serving", async () => {
    // A second connection (WAL allows it) plants a trigger that fails one event mid-batch.
    const db = new Database(join(t.dir, "ingest.sqlite"));
    db.exec("CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.event = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    try {
      const events = Array.from({ length: 10 }, (_, i) => ({ event: i === 6 ? "boom" : "rolled_back", event_id: `rb_${i}` }));
      const body = await expectError(await t.call("/v1/batch", { body: { events } }), 500, "internal_error");
      expect(body.details.message).toMatch(/^\[millimetric\]/);
      expect(JSON.stringify(body)).not.toContain("disk on fire"); // internals stay in the server's console
      expect(t.errors).toHaveLength(1);
      expect(String(t.errors[0])).toContain("disk on fire");
      expect(await t.query({ event: "rolled_back" })).toEqual([]);
    } finally {
      db.exec("DROP TRIGGER boom");
      db.close();
      t.errors.length = 0;
    }
    // the ids were not burnt by the failed transaction
    const retry = Array.from({ length: 10 }, (_, i) => ({ event: "rolled_back", event_id: `rb_${i}` }));
    expect((await t.call("/v1/batch", { body: { events: retry } })).status).toBe(202);
    expect(await t.query({ event: "rolled_back" })).toHaveLength(10);
  });
});
