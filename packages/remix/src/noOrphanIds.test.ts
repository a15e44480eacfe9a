// "No orphan ids" over real HTTP: React Router's request handler serving the README's root
// loader and resource routes. A browser's first request that is not a page either gets
// the Set-Cookie of the id its events carry, or its events carry no id; a probe or `curl /`
// never gets an id (no invented visitor), however often it comes.
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reactRouterHandler, serve } from "../test/reactRouterApp";
import { init, millimetricLoader, millimetricRequestHandler, track, withMillimetric } from "./server";

const KEY = "sk_test_abcdef12_secretsecretsecret";
const ID = /^u_[0-9a-f]{32}$/;
// What a browser's fetch() sends from a page of the same site.
const FETCH = { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" };
type Args = { request: Request; context?: unknown };

// The README's Setup root loader, and resource routes as an app writes them.
const root = { loader: (args: Args) => millimetricLoader(args, () => (track({ event: "app_loaded" }), { theme: "light" })) };
const routes = {
  "api/ping": { action: (args: Args) => (track(args, { event: "ping" }), Response.json({ ok: true })) },
  "api/wrapped": { action: withMillimetric((args: Args) => (track(args, { event: "wrapped_ping" }), Response.json({ ok: true }))) },
  health: { loader: (args: Args) => (track(args, { event: "health" }), new Response("ok")) },
};

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
let client: ReturnType<typeof init>;
let app: Awaited<ReturnType<typeof serve>>;
let wrappedApp: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  ingest = await startStubIngest();
  client = init({ key: KEY, host: ingest.url, flushAt: 1000, flushIntervalMs: 20, pacing: false });
  const handler = reactRouterHandler(root, routes);
  app = await serve((request) => handler(request));
  // The same app behind the request-scope wrapper: its response is ours for every route.
  const wrapped = millimetricRequestHandler((request: Request) => handler(request));
  wrappedApp = await serve((request) => wrapped(request));
});
afterAll(async () => {
  await app.close();
  await wrappedApp.close();
  await client.shutdown();
  await ingest.close();
});

/** One request over HTTP: the aid its response sets (if any) and the ids of the events it caused. */
async function visit(base: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const from = ingest.events.length;
  const res = await fetch(`${base}${path}`, { method: init.method ?? "GET", headers: init.headers, redirect: "manual" });
  await res.arrayBuffer();
  await client.flush();
  const aid = res.headers.getSetCookie().find((c) => c.startsWith("aid="))?.slice(4).split(";")[0];
  return { aid, events: ingest.events.slice(from).map((e) => ({ event: e.event, anonymous_id: e.anonymous_id })) };
}

/** The contract's row 12: every id an event carries is the one this response stores in the browser. */
function noOrphan({ aid, events }: Awaited<ReturnType<typeof visit>>): void {
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) expect(e.anonymous_id === undefined || e.anonymous_id === aid, `${e.event} carries ${e.anonymous_id}, the response sets ${aid ?? "no cookie"}`).toBe(true);
}

describe("a browser's first request to a resource route (React Router's handler, real HTTP)", () => {
  it("an unwrapped action using track(args): no Set-Cookie and an event without id — never an id nobody keeps", async () => {
    const first = await visit(app.url, "/api/ping", { method: "POST", headers: FETCH });
    noOrphan(first);
    expect(first).toEqual({ aid: undefined, events: [{ event: "ping", anonymous_id: undefined }] });
    // The same visitor once the page set its cookie: the event carries it.
    const back = await visit(app.url, "/api/ping", { method: "POST", headers: { ...FETCH, cookie: "aid=u_returning" } });
    expect(back).toEqual({ aid: undefined, events: [{ event: "ping", anonymous_id: "u_returning" }] });
  });

  it("a withMillimetric() action: its response sets the cookie of the id its event carries", async () => {
    const first = await visit(app.url, "/api/wrapped", { method: "POST", headers: FETCH });
    noOrphan(first);
    expect(first.aid).toMatch(ID);
    expect(first.events).toEqual([{ event: "wrapped_ping", anonymous_id: first.aid }]);
  });

  it("behind millimetricRequestHandler: the response sets the cookie of the id the unwrapped action's event carries", async () => {
    const first = await visit(wrappedApp.url, "/api/ping", { method: "POST", headers: FETCH });
    noOrphan(first);
    expect(first.aid).toMatch(ID);
    expect(first.events).toEqual([{ event: "ping", anonymous_id: first.aid }]);
  });
});

describe("probes through the README's root loader (no browser signal)", () => {
  it("`curl /` and a health check: id-less events and no Set-Cookie, probe after probe", async () => {
    for (let n = 0; n < 3; n++) {
      const page = await visit(app.url, "/", { headers: { accept: "*/*", "user-agent": "curl/8.5.0" } });
      expect(page).toEqual({ aid: undefined, events: [{ event: "app_loaded", anonymous_id: undefined }] });
      const health = await visit(app.url, "/health", { headers: { "user-agent": "kube-probe/1.30" } });
      expect(health).toEqual({ aid: undefined, events: [{ event: "health", anonymous_id: undefined }] });
    }
  });

  it("a browser's first document request still gets its id: the Set-Cookie's, on the root loader's events", async () => {
    const page = await visit(app.url, "/", { headers: { accept: "text/html", "sec-fetch-dest": "document", "sec-fetch-mode": "navigate", "sec-fetch-site": "none" } });
    noOrphan(page);
    expect(page.aid).toMatch(ID);
    expect(page.events).toEqual([{ event: "app_loaded", anonymous_id: page.aid }]);
  });
});
