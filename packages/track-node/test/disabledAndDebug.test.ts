// `disabled: true` accepts calls and makes no connection at all; `debug: true` logs one
// prefixed line per event and per delivery result. Against loopback servers.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MillimetricClient, type DeliveryEvent, type MillimetricError } from "../src/index";
import { KEY, quietClient, useStubs } from "./stubs";

const stub = useStubs();
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
  vi.restoreAllMocks();
});

/** A server that counts every TCP connection made to it, whatever comes over it. */
async function connectionCounter() {
  const server = createServer((_req, res) => res.writeHead(202).end('{"ok":true}'));
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanup.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe("disabled: true", () => {
  it("validates and accepts every call, runs beforeSend, and no connection ever reaches the server; flush and shutdown resolve at once", async () => {
    const server = await connectionCounter();
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const deliveries: DeliveryEvent[] = [];
    const c = new MillimetricClient({
      key: KEY,
      host: server.url,
      disabled: true,
      flushAt: 1,
      flushIntervalMs: 10,
      onDelivery: (e) => deliveries.push(e),
      beforeSend: (e) => (e.event === "dropped_by_hook" ? null : e),
    });
    const ids = [c.track({ event: "signup", user_id: "42" }), c.identify({ user_id: "42", anonymous_id: "u_1" })];
    expect(ids).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), expect.stringMatching(/^[0-9a-f]{32}$/)]);
    expect(c.track({ event: "dropped_by_hook" })).toBeUndefined();
    expect(() => c.track({ event: "bad", user_id: "" })).toThrow(/"user_id" must be a string/);
    for (let i = 0; i < 500; i++) c.track({ event: "burst", properties: { i } });
    await c.flush();
    // Well past flushIntervalMs: no timer sends anything later either.
    await new Promise((r) => setTimeout(r, 200));
    await c.shutdown();
    expect(server.connections()).toBe(0);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(c.stats).toMatchObject({ queued: 0, requests: 0, delivered: 0 });
    expect(deliveries).toEqual([{ type: "dropped", count: 1, reason: "before_send" }]);
  });

  it("needs no key; after shutdown() a call is dropped and reported, as with a real client", async () => {
    const old = process.env.MILLIMETRIC_SECRET_KEY;
    delete process.env.MILLIMETRIC_SECRET_KEY;
    try {
      const errors: MillimetricError[] = [];
      const c = new MillimetricClient({ disabled: true, onError: (e) => errors.push(e) });
      expect(c.track({ event: "e" })).toEqual(expect.any(String));
      await c.shutdown();
      expect(c.track({ event: "late" })).toBeUndefined();
      expect(errors.map((e) => e.code)).toEqual(["shutdown"]);
      // A key that is given is still checked: a read-only key is a mistake in preview too.
      expect(() => new MillimetricClient({ disabled: true, key: "rk_test_abcdef12_x" })).toThrow(/read-only rk_ key/);
    } finally {
      if (old !== undefined) process.env.MILLIMETRIC_SECRET_KEY = old;
    }
  });
});

describe("debug: true", () => {
  it("one [millimetric] line per event queued and per delivery result: status, count, retry wait", async () => {
    const s = await stub((_r, n) => (n === 0 ? { status: 503, body: { error: "unavailable" } } : undefined));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const c = quietClient(s.url, { debug: true, flushAt: 2, pacing: false, retryBaseMs: 20 });
    const a = c.track({ event: "signup", anonymous_id: "u_1", user_id: "42" });
    const b = c.track({ event: "upgrade", user_id: "42" });
    await c.flush();
    const lines = log.mock.calls.map((call) => String(call[0]));
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^\[millimetric\] /);
    expect(lines[0]).toBe(`[millimetric] queued "signup" (event_id "${a}", anonymous_id "u_1", user_id "42")`);
    expect(lines[1]).toBe(`[millimetric] queued "upgrade" (event_id "${b}", user_id "42")`);
    expect(lines[2]).toMatch(/^\[millimetric\] retry: 2 event\(s\) again in \d+ ms \(attempt 1, after HTTP 503\)$/);
    expect(lines[3]).toBe("[millimetric] delivered 2 event(s) (HTTP 202)");
  });

  it("a dropped event says why; no debug, no lines", async () => {
    const s = await stub();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const quiet = quietClient(s.url, { beforeSend: () => null });
    quiet.track({ event: "e" });
    await quiet.flush();
    expect(log).not.toHaveBeenCalled();
    const c = quietClient(s.url, { debug: true, beforeSend: () => null });
    c.track({ event: "e", event_id: "evt_1" });
    expect(log.mock.calls.map((call) => call[0])).toEqual(['[millimetric] dropped "e" (event_id "evt_1"): beforeSend returned null']);
  });

  it("a user_id, event name or event_id with line breaks or control characters cannot forge a log line: every value is JSON-escaped", async () => {
    const s = await stub();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const c = quietClient(s.url, { debug: true, disabled: true });
    const forged = "42\n[millimetric] delivered 1000 event(s) (HTTP 202)";
    c.track({ event: "sign\rup\u001b[2K", user_id: forged, event_id: "evt\n1", anonymous_id: "u_1\u0000" });
    const lines = log.mock.calls.map((call) => String(call[0]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(lines[0]).toBe(
      '[millimetric] accepted "sign\\rup\\u001b[2K" (event_id "evt\\n1", anonymous_id "u_1\\u0000", user_id "42\\n[millimetric] delivered 1000 event(s) (HTTP 202)") (disabled: not sent)',
    );
  });
});
