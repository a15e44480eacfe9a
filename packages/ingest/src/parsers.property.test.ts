import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hostileUserAgents } from "../test/hostileUserAgents";
import { parseUserAgentBefore } from "../test/parseUserAgentBefore";
import { KEYS, ORIGIN, startTestIngest, type TestIngest } from "../test/startTestIngest";
import { REAL_USER_AGENTS } from "../test/userAgents";
import { USER_AGENT_READ_LIMIT } from "./writes/parseUserAgent";

// Hostile input through real HTTP on 127.0.0.1, and what each request cost, counted, not
// timed (the CI box is a loaded 2-core machine): the User-Agent parser's steps, how many
// events were validated, and the size of the answer.
const work = vi.hoisted(() => ({ userAgentSteps: [] as number[], eventChecks: 0 }));
vi.mock("./writes/parseUserAgent", async (importOriginal) => {
  const real = await importOriginal<typeof import("./writes/parseUserAgent")>();
  return {
    ...real,
    parseUserAgent: (ua: string | undefined) => {
      const meter = { steps: 0 };
      const facts = real.parseUserAgent(ua, meter);
      work.userAgentSteps.push(meter.steps);
      return facts;
    },
  };
});
vi.mock("@millimetric/core/internal", async (importOriginal) => {
  const real = await importOriginal<typeof import("@millimetric/core/internal")>();
  return {
    ...real,
    checkEvent: (...args: Parameters<typeof real.checkEvent>) => {
      work.eventChecks++;
      return real.checkEvent(...args);
    },
  };
});

/** Each character the User-Agent parser reads costs at most this many steps (parseUserAgent.test.ts). */
const MAX_STEPS_PER_CHAR = 6;
const KIB = 1024;
// Sized for a loaded 2-core CI box; every run is a real request.
const LOADED_MACHINE = { timeout: 120_000 };

let t: TestIngest;
/** The server's database, read beside it (WAL). */
let db: Database.Database;
/** What the server stored for the newest event. */
const newestRow = () => db.prepare("SELECT browser, os, device_type FROM events ORDER BY seq DESC LIMIT 1").get();
beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
  db = new Database(join(t.dir, "ingest.sqlite"), { readonly: true });
  // Something for /v1/query to answer with.
  expect((await t.track({ event: "seed", anonymous_id: "u_seed", user_id: "user_seed" })).status).toBe(202);
});
afterAll(async () => {
  db.close();
  await t.expectAlive();
  await t.close();
});

/** Sends one request and returns its answer with what the server's parsers did for it. */
async function measured(send: () => Promise<Response>) {
  work.userAgentSteps = [];
  work.eventChecks = 0;
  const res = await send();
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, bytes: Buffer.byteLength(text), ...work };
}

/**
 * A GET that is sent again once when the keep-alive socket it went out on turned out to be
 * closed already (ECONNRESET before any answer: the previous test's last connection, closed
 * by the server as fetch reused it, a race of the client's pool seen only under load). A GET
 * is idempotent; every other failure is the test's.
 */
async function getOnce(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers });
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw err;
    return fetch(url, { headers });
  }
}

/** The protocol's error body: `{"error": code, "details": {...}}`, field errors all strings. */
function expectErrorBody(text: string, codes: string[]): void {
  const body = JSON.parse(text) as { error: unknown; details: unknown };
  expect(codes).toContain(body.error);
  expect(typeof body.details === "object" && body.details !== null && !Array.isArray(body.details)).toBe(true);
  const { fieldErrors } = body.details as { fieldErrors?: unknown };
  if (fieldErrors !== undefined) {
    expect(typeof fieldErrors).toBe("object");
    for (const v of Object.values(fieldErrors as object)) expect(typeof v).toBe("string");
  }
}

// Header values a client can send and Node accepts: tab, visible ASCII, space, obs-text.
const headerChar = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 1, arbitrary: fc.constantFrom(0x09, 0x80, 0xa0, 0xe9, 0xff) },
).map((c) => String.fromCharCode(c));
const UA_TOKENS = ["Mozilla/5.0 ", "(", ")", "; ", "Version/", "1", ".", "Safari/", "Chrome/", "Edg/", "OPR/", "Windows NT", "Mac OS X", "iPhone", "iPad", "Android", "Mobile", "bot", "crawler", " "];
const userAgent = fc.oneof(
  fc.string({ unit: headerChar, minLength: 1, maxLength: 2000 }),
  fc.array(fc.constantFrom(...UA_TOKENS), { minLength: 1, maxLength: 3000 }).map((t) => t.join("").slice(0, 14_000)),
  fc.constantFrom(...REAL_USER_AGENTS.map((r) => r.ua), ...Object.values(hostileUserAgents(14_000))),
);

describe("hostile input to the ingest's parsers, over HTTP (fast-check)", LOADED_MACHINE, () => {
  it("User-Agent: any header is stored (202), in at most 6 parser steps a character of its first 512", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(userAgent, async (ua) => {
        runs++;
        const r = await measured(() =>
          fetch(`${t.url}/v1/batch`, {
            method: "POST",
            headers: { authorization: `Bearer ${KEYS.publishable}`, origin: ORIGIN, "content-type": "application/json", "user-agent": ua },
            body: JSON.stringify({ events: [{ event: "$pageview", anonymous_id: "u_hostile_ua" }] }),
          }),
        );
        expect(r.status, r.text).toBe(202);
        expect(r.userAgentSteps).toHaveLength(1);
        // What arrives: HTTP trims spaces and tabs around a header value.
        const sent = ua.replace(/^[\t ]+|[\t ]+$/g, "");
        const read = Math.min(sent.length, USER_AGENT_READ_LIMIT);
        if (sent) expect(r.userAgentSteps[0]).toBeGreaterThan(0);
        // Stored: what the old rules answered for the first 512 characters, whatever follows.
        expect(newestRow()).toEqual(parseUserAgentBefore(sent.slice(0, 512)));
        expect(r.userAgentSteps[0]).toBeLessThanOrEqual(MAX_STEPS_PER_CHAR * (read + 1));
      }),
      { numRuns: 300 },
    );
    expect(t.errors).toEqual([]);
    console.info(`[parsers.property] User-Agent: ${runs} requests held`);
  });

  it("query parameters: any query is answered 200 or 400 invalid_params with field errors, in under 4 KiB and 3 validations", async () => {
    const PARAMS = ["from", "to", "event", "user_id", "anonymous_id", "limit"];
    const name = fc.oneof(
      fc.constantFrom(...PARAMS, "__proto__", "constructor", "toString", "userId", "LIMIT", ""),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: headerChar, maxLength: 2000 }),
    );
    const value = fc.oneof(
      fc.constantFrom("2026-01-31", "2026-01-31T00:00:00Z", "0", "1", "1000", "1001", "-1", "1e3", "NaN", "u_seed", "user_seed", "seed", ""),
      fc.string({ maxLength: 300 }),
      fc.string({ unit: "binary", maxLength: 50 }),
    );
    const query = fc.oneof(
      // Kept under Node's own 16 KiB limit on a request head: past it Node answers 431 and
      // closes, and the client may see the reset before the answer (not the ingest's doing).
      fc
        .array(fc.tuple(name, value), { maxLength: 12 })
        .map((pairs) => new URLSearchParams(pairs).toString())
        .filter((q) => q.length <= 14_000),
      // Raw, so stray %, & and = reach the parser as sent.
      fc.string({ unit: fc.constantFrom("a", "=", "&", "%", "2", "F", "_", "+", "l", "i", "m", "t"), maxLength: 300 }),
      // Many distinct unknown names: the answer must not grow with them.
      // (Node refuses a request head over 16 KiB itself, with 431: 1 800 of them fit.)
      fc.integer({ min: 1, max: 1_800 }).map((n) => Array.from({ length: n }, (_, i) => `p${i}=`).join("&")),
      // One name of several kilobytes.
      fc.integer({ min: 100, max: 12_000 }).map((n) => `${"n".repeat(n)}=1`),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        runs++;
        const r = await measured(() => getOnce(`${t.url}/v1/query?${q}`, { authorization: `Bearer ${KEYS.read}` }));
        expect([200, 400], r.text.slice(0, 500)).toContain(r.status);
        expect(r.type).toMatch(/^application\/json/);
        if (r.status === 200) expect(Array.isArray((JSON.parse(r.text) as { events: unknown }).events)).toBe(true);
        else {
          expectErrorBody(r.text, ["invalid_params"]);
          expect(r.bytes, `a ${q.length}-character query`).toBeLessThanOrEqual(4 * KIB);
        }
        expect(r.eventChecks).toBeLessThanOrEqual(3);
      }),
      { numRuns: 300 },
    );
    expect(t.errors).toEqual([]);
    // The counter is wired: from, to and the ids are each checked by core's rules.
    expect((await measured(() => fetch(`${t.url}/v1/query?from=2026-01-01&to=2027-01-01&event=seed`, { headers: { authorization: `Bearer ${KEYS.read}` } }))).eventChecks).toBe(3);
    console.info(`[parsers.property] query parameters: ${runs} requests held`);
  });

  it("bodies: any body to any write route is answered 2xx, or 400/413 invalid_payload, validating each event once, in a bounded answer", async () => {
    const idLike = fc.oneof(fc.constantFrom("u_1", "user_1", "", "x".repeat(129), "x".repeat(257)), fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null));
    const eventLike = fc.oneof(
      fc.record(
        {
          event: fc.oneof(fc.constantFrom("signup", "$pageview", "$identify", "$reserved", "", "x".repeat(129)), fc.string({ maxLength: 20 }), fc.integer()),
          anonymous_id: idLike,
          user_id: idLike,
          event_id: idLike,
          session_id: idLike,
          timestamp: fc.oneof(fc.constantFrom("2026-01-31T00:00:00Z", "9999-12-31T00:00:00Z", "2026-13-45", "yesterday", ""), fc.integer()),
          url: fc.oneof(fc.constantFrom("https://shop.example/a?b=c", "not a url", "x".repeat(3000)), fc.integer()),
          path: fc.oneof(fc.string({ maxLength: 30 }), fc.constant("/".repeat(3000))),
          properties: fc.oneof(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), fc.constant("x"), fc.constant([1])),
          browser: fc.constant("client says"),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const body = fc.oneof(
      eventLike.map((e) => JSON.stringify(e)),
      fc.array(eventLike, { maxLength: 50 }).map((events) => JSON.stringify({ events })),
      fc.integer({ min: 0, max: 1_100 }).map((n) => JSON.stringify({ events: Array.from({ length: n }, (_, i) => (i % 2 ? 0 : {})) })),
      fc.string({ maxLength: 200 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom("", "{", "[]", "null", '{"events":', '{"__proto__":{"event":"x"}}', "[".repeat(5000), '{"a":'.repeat(2000)),
      // Nested deeper than a recursive walk of the properties could go, up to the body caps.
      fc.integer({ min: 1_000, max: 12_000 }).map((d) => `{"event":"deep","properties":${'{"a":'.repeat(d)}1${"}".repeat(d)}}`),
      fc.integer({ min: 1, max: 3 }).map((mib) => JSON.stringify({ event: "big", properties: { pad: "x".repeat(mib * 1024 * 1024) } })),
    );
    const route = fc.constantFrom("/v1/track", "/v1/batch", "/v1/identify", "/v1/forget");
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(route, body, async (path, text) => {
        runs++;
        const r = await measured(() => t.call(path, { raw: text }));
        expect([200, 202, 400, 413], `${path} ${text.slice(0, 200)} → ${r.text.slice(0, 300)}`).toContain(r.status);
        expect(r.type).toMatch(/^application\/json/);
        if (r.status >= 400) expectErrorBody(r.text, ["invalid_payload"]);
        // One validation per event at most (a batch of n: n), never one per pair of them.
        let events = 1;
        try {
          const parsed = JSON.parse(text) as { events?: unknown };
          if (path === "/v1/batch" && Array.isArray(parsed?.events)) events = parsed.events.length;
        } catch {
          events = 0;
        }
        expect(r.eventChecks).toBeLessThanOrEqual(Math.max(events, 1));
        // Field errors are per event and field, and quote no input: 1 KiB an event is ample.
        expect(r.bytes).toBeLessThanOrEqual(2 * KIB + KIB * Math.min(events, 1000));
      }),
      { numRuns: 400 },
    );
    expect(t.errors).toEqual([]);
    // The counter is wired: one valid event, one validation; a batch of three, three.
    expect((await measured(() => t.track({ event: "counted" }))).eventChecks).toBe(1);
    expect((await measured(() => t.call("/v1/batch", { body: { events: [{ event: "a" }, { event: "b" }, { event: "c" }] } }))).eventChecks).toBe(3);
    console.info(`[parsers.property] bodies: ${runs} requests held`);
  });
});
