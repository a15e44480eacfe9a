// Test helpers (not part of the package): a recording ingest stub on 127.0.0.1 and a
// sandbox that gives every test a fresh SDK module and undoes what the last one did to
// the shared jsdom window (listeners, timers, patched history, storage, cookies).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { MillimetricError } from "@millimetric/core";
import { afterEach, beforeEach, vi } from "vitest";

type Sdk = typeof import("./index");

export interface Recorded {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  events: Array<Record<string, any>>;
}

/** A real HTTP server that records every request and answers with queued statuses (202 by default). */
export async function recorder() {
  const requests: Recorded[] = [];
  const replies: Array<{ status: number; headers?: Record<string, string> }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      let events: Recorded["events"] = [];
      try {
        events = JSON.parse(body).events ?? [];
      } catch {}
      requests.push({ url: req.url!, headers: req.headers, body, events });
      const { status, headers } = replies.shift() ?? { status: 202 };
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(status < 300 ? { ok: true, count: events.length } : { error: "stub_error", details: {} }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    /** Every event received, in order. */
    events: () => requests.flatMap((r) => r.events),
    /** Queue the status (and headers) of the next responses. */
    reply: (status: number, headers?: Record<string, string>) => replies.push({ status, headers }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Polls `cond` every 10 ms; fails after `ms`. */
export async function waitFor(cond: () => unknown, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new MillimetricError("timeout", `[millimetric] waitFor(): the condition was not met in ${ms} ms; pass a longer ms or check what the test waits for`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What `fn` throws (the test fails when it throws nothing). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new MillimetricError("invalid_argument", "[millimetric] thrown(): the call threw nothing; the test expected it to throw");
}

/** Lets pending timers and requests run, to show that something did NOT happen. */
export const settle = (ms = 100) => new Promise((r) => setTimeout(r, ms));

/**
 * Installs the per-test sandbox and returns `load()`, which imports a fresh copy of the
 * SDK (module state is global, so every test gets its own).
 */
export function sandbox(): { load: () => Promise<Sdk> } {
  const push = history.pushState;
  const replace = history.replaceState;
  let listeners: Array<[string, EventListenerOrEventListenerObject]> = [];
  let timers: unknown[] = [];
  beforeEach(() => {
    const add = globalThis.addEventListener;
    vi.spyOn(globalThis, "addEventListener").mockImplementation(function (this: unknown, type: string, fn: any, opts?: any) {
      listeners.push([type, fn]);
      return add.call(globalThis, type, fn, opts);
    });
    const every = globalThis.setInterval;
    vi.spyOn(globalThis, "setInterval").mockImplementation(((fn: () => void, ms: number) => {
      const id = every(fn, ms);
      timers.push(id);
      return id;
    }) as typeof setInterval);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    for (const [type, fn] of listeners) removeEventListener(type, fn);
    for (const id of timers) clearInterval(id as number);
    listeners = [];
    timers = [];
    history.pushState = push;
    history.replaceState = replace;
    history.replaceState(null, "", "/");
    localStorage.clear();
    for (const c of document.cookie.split("; ")) if (c) document.cookie = c.split("=")[0] + "=; Max-Age=0; Path=/";
    delete (window as any).__aid;
    for (const k of ["doNotTrack", "globalPrivacyControl", "sendBeacon"]) delete (navigator as any)[k];
    delete (window as any).doNotTrack;
  });
  return {
    load: async () => {
      vi.resetModules();
      return import("./index");
    },
  };
}

/** Sets a navigator/window property for one test (the sandbox removes it). */
export function define(target: object, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
}

/** The browser key the tests use. */
export const TEST_KEY = "pk_test_f6589a94_x";

/**
 * What most test files set up: a fresh SDK per test (sandbox), a recording server per test,
 * init options aimed at it, and the names of the events it received.
 */
export function recordingSdk() {
  const { load } = sandbox();
  let current: Awaited<ReturnType<typeof recorder>> | undefined;
  beforeEach(async () => void (current = await recorder()));
  afterEach(() => current?.close());
  const srv = () => current!;
  const opts = (o = {}) => ({ key: TEST_KEY, host: srv().host, flushIntervalMs: 60_000, ...o });
  const sent = () => srv().events().map((e) => e.event);
  return { load, srv, opts, sent };
}
