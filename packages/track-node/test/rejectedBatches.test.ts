// A 400 on a batch: the batch is all-or-nothing, so the engine must find the bad events and
// deliver the rest, without 2n − 1 requests and n reports when splitting cannot help.
import { describe, expect, it } from "vitest";
import type { Recorded } from "@millimetric-internal/test-support/stubIngest";
import type { MillimetricError } from "../src/index";
import { quietClient, useStubs } from "./stubs";

const stub = useStubs();
const poisoned = (r: Recorded) => r.events.some((e) => e.event === "poison");
/** Answers like the ingest: every bad event named by its position, `events.<i>.<field>`. */
const namesEachBadEvent = (r: Recorded) => {
  if (!poisoned(r)) return undefined;
  const fieldErrors: Record<string, string> = {};
  r.events.forEach((e, i) => e.event === "poison" && (fieldErrors[`events.${i}.event`] = "is not allowed in this project"));
  return { status: 400, body: { error: "invalid_payload", details: { fieldErrors } } };
};

async function run(events: number, isPoison: (i: number) => boolean, respond: Parameters<typeof stub>[0]) {
  const s = await stub(respond);
  const errors: MillimetricError[] = [];
  const c = quietClient(s.url, { flushAt: events, pacing: false, onError: (e) => errors.push(e) });
  for (let i = 0; i < events; i++) c.track({ event: isPoison(i) ? "poison" : "ok", event_id: `e${i}` });
  await c.flush();
  return { s, c, errors };
}

describe("a 400 on a batch", () => {
  it.each([
    ["the body itself (fieldErrors.body)", { status: 400, body: { error: "invalid_payload", details: { fieldErrors: { body: "must be valid JSON (Unexpected token)" } } } }],
    ["the events array (fieldErrors.events)", { status: 400, body: { error: "invalid_payload", details: { fieldErrors: { events: "must be an array of 1–1000 events" } } } }],
    ["nothing in particular (no fieldErrors)", { status: 400, body: { error: "bad_request" } }],
  ])("that blames %s is not split: one request, one report with the count", async (_what, answer) => {
    const { s, c, errors } = await run(1000, () => false, () => answer);
    expect(s.requests).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 400, count: 1000 });
    expect(errors[0]!.message).toMatch(/^\[millimetric\] server rejected 1000 event\(s\) with HTTP 400/);
    expect(c.stats).toMatchObject({ delivered: 0, failed: 1000, queued: 0, inFlight: 0 });
  });

  it("from a proxy that answers an HTML page is not split either", async () => {
    const { s, errors } = await run(1000, () => false, (_r, _n, res) => (res.writeHead(400, { "content-type": "text/html" }).end("<h1>400 Bad Request</h1>"), "handled"));
    expect(s.requests).toHaveLength(1);
    expect(errors.map((e) => [e.status, e.count])).toEqual([[400, 1000]]);
  });

  it("naming every event by position (as the ingest does): one request, one report", async () => {
    const { s, c, errors } = await run(1000, () => true, namesEachBadEvent);
    expect(s.requests).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 400, serverCode: "invalid_payload", count: 1000 });
    expect(errors[0]!.message.length).toBeLessThan(1500); // the details of 1000 events are cut for the log line
    expect(c.stats).toMatchObject({ delivered: 0, failed: 1000 });
  });

  it("naming a few events: those are sent apart and confirmed, the rest delivered; three requests, one report", async () => {
    const bad = new Set([3, 500, 998]);
    const { s, c, errors } = await run(1000, (i) => bad.has(i), namesEachBadEvent);
    expect(s.requests).toHaveLength(3);
    expect(s.events).toHaveLength(997);
    expect(s.events.some((e) => e.event === "poison")).toBe(false);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 400, count: 3 });
    expect(c.stats).toMatchObject({ delivered: 997, failed: 3, queued: 0 });
  });

  it("blaming some event without saying which (a server rule): one bad among 1 000 → 999 delivered, in few requests", async () => {
    const rule = (r: Recorded) => (poisoned(r) ? { status: 400, body: { error: "invalid_payload", details: { fieldErrors: { event: "forbidden by project rule" } } } } : undefined);
    const { s, c, errors } = await run(1000, (i) => i === 613, rule);
    expect(s.events).toHaveLength(999);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 400, count: 1 });
    expect(s.requests.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(1000))); // halving: two requests a level
    expect(c.stats).toMatchObject({ delivered: 999, failed: 1 });
  });

  it("blaming some event without saying which, when every event is bad: split to the end, but reported once", async () => {
    const rule = (r: Recorded) => (poisoned(r) ? { status: 400, body: { error: "invalid_payload", details: { fieldErrors: { event: "forbidden by project rule" } } } } : undefined);
    const { errors, c } = await run(200, () => true, rule);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 400, count: 200 });
    expect(errors[0]!.message).toMatch(/in 200 requests, after splitting the batch/);
    expect(c.stats).toMatchObject({ delivered: 0, failed: 200 });
  });

  it("whose answer is cut at the read cap is split (smaller batches, shorter answers), so no good event is lost", async () => {
    // Half the events bad, each named with a long message: the first answer is ~115 KB, over the 64 KiB cap.
    const long = "x".repeat(200);
    const respond = (r: Recorded) => {
      if (!poisoned(r)) return undefined;
      const fieldErrors: Record<string, string> = {};
      r.events.forEach((e, i) => e.event === "poison" && (fieldErrors[`events.${i}.event`] = long));
      return { status: 400, body: { error: "invalid_payload", details: { fieldErrors } } };
    };
    const { s, c, errors } = await run(1000, (i) => i % 2 === 0, respond);
    expect(s.events).toHaveLength(500);
    expect(errors.map((e) => e.count)).toEqual([500]);
    expect(c.stats).toMatchObject({ delivered: 500, failed: 500 });
  });

  it("a 413 is still halved until each part fits", async () => {
    const { s, c, errors } = await run(1000, () => false, (r) => (r.events.length > 300 ? { status: 413, body: { error: "invalid_payload", details: { fieldErrors: { body: "must be at most N bytes" } } } } : undefined));
    expect(s.events).toHaveLength(1000);
    expect(errors).toEqual([]);
    expect(c.stats).toMatchObject({ delivered: 1000, failed: 0 });
  });
});
