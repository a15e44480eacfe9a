import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectError, KEYS, startTestIngest, type TestIngest } from "../test/startTestIngest";

let t: TestIngest;
beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
  const res = await t.call("/v1/batch", {
    body: {
      events: [
        { event: "a", anonymous_id: "u_q1", timestamp: "2026-01-01T00:00:00Z" },
        { event: "b", anonymous_id: "u_q1", user_id: "q_user", timestamp: "2026-01-02T00:00:00Z" },
        { event: "a", anonymous_id: "u_q2", timestamp: "2026-01-03T00:00:00Z" },
        { event: "c", user_id: "q_user", timestamp: "2026-01-04T00:00:00Z" },
      ],
    },
  });
  expect(res.status).toBe(202);
});
afterEach(async () => {
  await t.expectAlive();
});
afterAll(async () => {
  await t.close();
});

const events = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.event}@${String(r.timestamp).slice(0, 10)}`);

describe("GET /v1/query", () => {
  it("returns {events} newest first with the wire fields plus source, received_at and ip", async () => {
    const res = await t.call("/v1/query?from=2026-01-01&to=2026-02-01", { key: KEYS.read });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { events: Record<string, unknown>[] };
    expect(Object.keys(body)).toEqual(["events"]);
    expect(events(body.events)).toEqual(["c@2026-01-04", "a@2026-01-03", "b@2026-01-02", "a@2026-01-01"]);
    expect(Object.keys(body.events[0]!).sort()).toEqual(
      ["anonymous_id", "event", "event_id", "ip", "path", "properties", "received_at", "referrer", "session_id", "source", "timestamp", "url", "user_id"].sort(),
    );
  });

  it("filters by event, user_id, anonymous_id, from (inclusive) and to (exclusive), and limits", async () => {
    const window = { from: "2026-01-01", to: "2026-02-01" };
    expect(events(await t.query({ ...window, event: "a" }))).toEqual(["a@2026-01-03", "a@2026-01-01"]);
    expect(events(await t.query({ ...window, user_id: "q_user" }))).toEqual(["c@2026-01-04", "b@2026-01-02"]);
    expect(events(await t.query({ anonymous_id: "u_q1" }))).toEqual(["b@2026-01-02", "a@2026-01-01"]);
    expect(events(await t.query({ from: "2026-01-02T00:00:00Z", to: "2026-01-04T00:00:00.000+00:00" }))).toEqual([
      "a@2026-01-03",
      "b@2026-01-02",
    ]);
    expect(events(await t.query({ ...window, limit: 1 }))).toEqual(["c@2026-01-04"]);
  });

  it("defaults limit to 100 and allows 1000", async () => {
    const batch = Array.from({ length: 120 }, (_, i) => ({ event: "many", event_id: `many_${i}` }));
    expect((await t.call("/v1/batch", { body: { events: batch } })).status).toBe(202);
    expect(await t.query({ event: "many" })).toHaveLength(100);
    expect(await t.query({ event: "many", limit: 1000 })).toHaveLength(120);
  });

  it("answers 400 invalid_params naming each bad parameter", async () => {
    const cases: [string, string][] = [
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
      ["limit=ten", "limit"],
      ["limit=1.5", "limit"],
      ["from=yesterday", "from"],
      ["to=2026-01-31T12:00:00", "to"],
      ["from=2026-02-01&to=2026-01-01", "to"],
      ["event=", "event"],
      ["user_id=" + "u".repeat(257), "user_id"],
      ["userId=42", "userId"],
      ["event=a&event=b", "event"],
    ];
    for (const [qs, field] of cases) {
      const body = await expectError(await t.call(`/v1/query?${qs}`, { key: KEYS.read }), 400, "invalid_params");
      expect(Object.keys(body.details.fieldErrors!)).toEqual([field]);
    }
  });

  it("names at most 10 unknown parameters, 64 characters of each, and counts the rest: the answer does not grow with the query", async () => {
    const many = Array.from({ length: 1_500 }, (_, i) => `p${i}=`).join("&");
    const body = await expectError(await t.call(`/v1/query?${many}`, { key: KEYS.read }), 400, "invalid_params");
    expect(Object.keys(body.details.fieldErrors!)).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`));
    expect(body.details.unknown_parameters).toBe(1_500);
    const long = await expectError(await t.call(`/v1/query?${"n".repeat(10_000)}=1&limit=5`, { key: KEYS.read }), 400, "invalid_params");
    expect(long.details.fieldErrors).toEqual({ [`${"n".repeat(64)}…`]: expect.stringMatching(/is not a query parameter/) });
    expect(long.details.unknown_parameters).toBeUndefined();
  });

  it("answers 400 invalid_params for parameters named like Object.prototype's keys", async () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"]) {
      for (const qs of [`${name}=x`, `event=a&${name}=1`, `${encodeURIComponent(name)}=`]) {
        const body = await expectError(await t.call(`/v1/query?${qs}`, { key: KEYS.read }), 400, "invalid_params");
        expect(Object.keys(body.details.fieldErrors!)).toEqual([name]);
        expect(body.details.fieldErrors![name]).toMatch(/is not a query parameter/);
      }
    }
  });
});
