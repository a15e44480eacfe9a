// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { define, recorder, sandbox, settle, waitFor } from "./testing";

const { load } = sandbox();
let srv: Awaited<ReturnType<typeof recorder>>;
beforeEach(async () => {
  srv = await recorder();
});
afterEach(() => srv.close());

const KEY = "pk_test_f6589a94_secretpart";

describe("delivery", () => {
  it("POSTs /v1/batch with the bearer key and a JSON body when 20 events are queued", async () => {
    const mm = await load();
    mm.init({ key: KEY, host: srv.host + "/", autoPageView: false, flushIntervalMs: 60_000 });
    for (let i = 0; i < 19; i++) mm.track("e" + i);
    await settle();
    expect(srv.requests).toHaveLength(0);
    mm.track("e19");
    await waitFor(() => srv.requests.length === 1);
    const [r] = srv.requests;
    expect(r!.url).toBe("/v1/batch");
    expect(r!.headers.authorization).toBe("Bearer " + KEY);
    expect(r!.headers["content-type"]).toBe("application/json");
    expect(r!.events.map((e) => e.event)).toEqual(Array.from({ length: 20 }, (_, i) => "e" + i));
  });

  it("sends on the timer without flush()", async () => {
    const mm = await load();
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 40 });
    mm.track("tick");
    await waitFor(() => srv.events().length === 1);
    expect(srv.events()[0]!.event).toBe("tick");
  });

  it("flush() sends now and resolves after delivery; nothing queued sends nothing", async () => {
    const mm = await load();
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000 });
    await mm.flush();
    expect(srv.requests).toHaveLength(0);
    mm.track("a");
    mm.track("b");
    await mm.flush();
    expect(srv.events().map((e) => e.event)).toEqual(["a", "b"]);
  });

  it("keeps events on 500 and network errors and retries them with backoff", async () => {
    const mm = await load();
    srv.reply(500);
    srv.reply(503);
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 20 });
    mm.track("kept", { n: 1 });
    await waitFor(() => srv.requests.length === 3);
    const ids = srv.requests.map((r) => r.events[0]!.event_id);
    expect(new Set(ids).size).toBe(1); // the same event, same event_id: de-duplicable
    expect(srv.requests[2]!.events).toHaveLength(1);
    await settle();
    expect(srv.requests).toHaveLength(3); // delivered once, then nothing more

    // A dead host (connection refused) keeps the event too, and it leaves at page exit.
    const dead = await recorder();
    await dead.close();
    const mm2 = await load();
    mm2.init({ key: KEY, host: dead.host, autoPageView: false, flushIntervalMs: 60_000 });
    mm2.track("offline");
    await mm2.flush();
    const spy = vi.spyOn(globalThis, "fetch");
    dispatchEvent(new Event("pagehide"));
    expect(JSON.parse(String(spy.mock.calls[0]![1]!.body)).events[0].event).toBe("offline");
  });

  it("waits out Retry-After on a 503 as well, and backs off exponentially without it", async () => {
    // The schedule itself, on fake clocks (the real-server tests above show the retries
    // arrive): which instants the SDK sends at, for a given run of answers.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "Date"] });
    try {
      const answers = [new Response(null, { status: 503, headers: { "retry-after": "5" } }), new Response(null, { status: 500 }), new Response(null, { status: 500 }), new Response(null, { status: 500 }), new Response(null, { status: 202 })];
      const sentAt: number[] = [];
      vi.stubGlobal("fetch", async () => (sentAt.push(Date.now()), answers.shift()));
      const mm = await load();
      mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 1000 });
      const t0 = Date.now();
      mm.track("later");
      await mm.flush();
      for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(1000);
      // 503 with Retry-After: 5 s; then 500s: 1 s, 2 s, 4 s (the interval doubling); then delivered.
      expect(sentAt.map((t) => t - t0)).toEqual([0, 5000, 6000, 8000, 12000]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("honours Retry-After on 429 and drops the batch with a console.error on other 4xx", async () => {
    const mm = await load();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    srv.reply(429, { "retry-after": "0" });
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 20 });
    mm.track("limited");
    await waitFor(() => srv.requests.length === 2);
    expect(srv.requests[1]!.events[0]!.event).toBe("limited");

    srv.reply(400);
    mm.track("rejected");
    await mm.flush();
    expect(error).toHaveBeenCalledWith("[millimetric] HTTP 400", [expect.objectContaining({ event: "rejected" })]);
    await mm.flush();
    await settle();
    expect(srv.requests).toHaveLength(3);
  });

  it("bounds the queue at 1000 events (oldest dropped) and splits bodies above 256 KiB", async () => {
    const mm = await load();
    srv.reply(500);
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000, flushBatchSize: 5000 });
    for (let i = 0; i < 1005; i++) mm.track("e" + i);
    await mm.flush();
    expect(srv.requests).toHaveLength(1); // the first batch failed: no more tries this flush
    await mm.flush();
    const delivered = srv.requests.slice(1);
    expect(delivered.length).toBeGreaterThan(1); // ~300 KB of events: two bodies
    for (const r of delivered) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(256 * 1024);
    const events = delivered.flatMap((r) => r.events.map((e) => e.event));
    expect(events).toEqual(Array.from({ length: 1000 }, (_, i) => "e" + (i + 5)));
  });

  it("every batch is a keepalive request of at most 60 KB, so one in flight at unload still arrives", async () => {
    const mm = await load();
    const spy = vi.spyOn(globalThis, "fetch");
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000, flushBatchSize: 1000 });
    for (let i = 0; i < 30; i++) mm.track("big", { pad: "p".repeat(5000) });
    await mm.flush();
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3);
    for (const [, init] of spy.mock.calls) {
      expect(init).toMatchObject({ keepalive: true });
      expect(new Blob([String(init!.body)]).size).toBeLessThanOrEqual(60_000);
    }
    expect(srv.events()).toHaveLength(30);
  });

  it("on pagehide sends the queue with fetch keepalive and the usual headers", async () => {
    const mm = await load();
    const spy = vi.spyOn(globalThis, "fetch");
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000 });
    mm.track("leaving");
    dispatchEvent(new Event("pagehide"));
    expect(spy).toHaveBeenCalledTimes(1);
    const [url, init] = spy.mock.calls[0]!;
    expect(url).toBe(srv.host + "/v1/batch");
    expect(init).toMatchObject({ method: "POST", keepalive: true });
    await waitFor(() => srv.requests.length === 1);
    expect(srv.requests[0]!.headers.authorization).toBe("Bearer " + KEY);
    expect(srv.events()[0]!.event).toBe("leaving");
    // The queue left with it: a second exit (visibilitychange) sends nothing.
    define(document, "hidden", true);
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("on visibilitychange to hidden sends the queue", async () => {
    const mm = await load();
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000 });
    mm.track("hidden");
    define(document, "hidden", true);
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    delete (document as any).hidden;
    await waitFor(() => srv.events().length === 1);
  });

  it("at page exit the queue leaves in keepalive requests under the 64 KiB browsers allow, the first one at once", async () => {
    const mm = await load();
    const spy = vi.spyOn(globalThis, "fetch");
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000, flushBatchSize: 1000 });
    const big = { blob: "x".repeat(7000) };
    for (let i = 0; i < 20; i++) mm.track("big" + i, big);
    dispatchEvent(new Event("pagehide"));
    expect(spy).toHaveBeenCalledTimes(1); // before pagehide returns
    await waitFor(() => srv.events().length === 20);
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3);
    for (const [url, init] of spy.mock.calls) {
      expect(url).toBe(`${srv.host}/v1/batch`);
      expect(init).toMatchObject({ keepalive: true, headers: { authorization: "Bearer " + KEY } });
      expect(new TextEncoder().encode(String(init!.body)).length).toBeLessThanOrEqual(64 * 1024);
    }
    expect(srv.events().map((e) => e.event)).toEqual(Array.from({ length: 20 }, (_, i) => "big" + i));
  });

  it("a send that fails when the tab is hidden goes back to the queue and is retried", async () => {
    const mm = await load();
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 50 });
    mm.track("switching tabs");
    srv.reply(503);
    define(document, "hidden", true);
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    delete (document as any).hidden;
    await waitFor(() => srv.requests.length === 2);
    expect(srv.requests.map((r) => r.events.map((e) => e.event))).toEqual([["switching tabs"], ["switching tabs"]]);
  });

  it("a forced send does not wait for the one in flight, and flush() still resolves only after both", async () => {
    const mm = await load();
    mm.init({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000, flushBatchSize: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementationOnce(async (...a) => (await gate, real(...a)));
    mm.track("slow"); // flushBatchSize 1: sent at once, held at the gate
    await waitFor(() => spy.mock.calls.length === 1);
    mm.track("next"); // an ordinary send: it waits behind "slow"
    const flushed = mm.flush();
    expect(spy).toHaveBeenCalledTimes(2); // "next" left without waiting for "slow"
    let done = false;
    void flushed.then(() => (done = true));
    await settle(50);
    expect(done).toBe(false);
    release();
    await flushed;
    expect(srv.events().map((e) => e.event).sort()).toEqual(["next", "slow"]);
  });
});

describe("privacy signals", () => {
  const signals: Array<[string, () => void]> = [
    ["navigator.doNotTrack", () => define(navigator, "doNotTrack", "1")],
    ["Global Privacy Control", () => define(navigator, "globalPrivacyControl", true)],
  ];
  for (const [name, set] of signals) {
    it(`${name}: nothing is sent`, async () => {
      set();
      const mm = await load();
      const spy = vi.spyOn(globalThis, "fetch");
      mm.init({ key: KEY, host: srv.host, flushIntervalMs: 20 });
      mm.track("x");
      mm.page("p");
      mm.identify("user_1");
      await mm.flush();
      dispatchEvent(new Event("pagehide"));
      await settle();
      expect(spy).not.toHaveBeenCalled();
      expect(srv.requests).toHaveLength(0);
    });
  }

  it("ignorePrivacySignals: true tracks anyway", async () => {
    define(navigator, "globalPrivacyControl", true);
    const mm = await load();
    mm.init({ key: KEY, host: srv.host, flushIntervalMs: 60_000, ignorePrivacySignals: true });
    mm.track("consented");
    await mm.flush();
    expect(srv.events().map((e) => e.event)).toEqual(["$pageview", "consented"]);
  });
});

describe("a request that never gets an answer", () => {
  it("is aborted after 10 s and retried like a network error, so later events still go out", async () => {
    // A server that holds the first request open forever, then answers normally.
    const { createServer } = await import("node:http");
    const held: Array<import("node:http").ServerResponse> = [];
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        bodies.push(body);
        if (bodies.length === 1) return void held.push(res);
        res.writeHead(202, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const host = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    // The SDK asks for a 10 s timeout; the test shortens it to 200 ms to keep the run short.
    const realTimeout = AbortSignal.timeout.bind(AbortSignal);
    const asked: number[] = [];
    vi.spyOn(AbortSignal, "timeout").mockImplementation((ms: number) => (asked.push(ms), realTimeout(200)));
    try {
      const mm = await load();
      mm.init({ key: KEY, host, autoPageView: false, flushIntervalMs: 20, flushBatchSize: 1 });
      mm.track("first");
      await waitFor(() => bodies.length === 1);
      for (let i = 0; i < 25; i++) mm.track("later" + i);
      await waitFor(() => bodies.slice(1).flatMap((b) => JSON.parse(b).events.map((e: { event: string }) => e.event)).includes("later24"), 20_000);
      const delivered = bodies.slice(1).flatMap((b) => JSON.parse(b).events.map((e: { event: string }) => e.event));
      expect(delivered).toContain("first"); // the aborted batch came back and was retried
      expect(delivered.filter((e: string) => e.startsWith("later"))).toHaveLength(25);
      expect(asked[0]).toBe(10_000);
    } finally {
      for (const res of held) res.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
