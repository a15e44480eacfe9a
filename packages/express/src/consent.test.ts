// The consent rule over real HTTP: a request carrying Global Privacy Control or the
// browser SDK's mm_optout=1 cookie gets no id, no Set-Cookie, and its events are not
// sent; every other request is unaffected; `ignorePrivacySignals` turns Global Privacy
// Control off, never the visitor's own mm_optout.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { identify, millimetric, MillimetricClient, track, type MillimetricExpressOptions } from "./index";
import { agent, request } from "./testing/request";

const KEY = "sk_test_abcdef12_secretsecretsecret";
const BROWSER = { "sec-fetch-site": "none", accept: "text/html" };

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
beforeAll(async () => void (ingest = await startStubIngest()));
afterAll(async () => {
  agent.destroy();
  await ingest.close();
});
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  ingest.events.length = 0;
});

/** An app whose /signup tracks and identifies through both APIs and answers what it saw. */
async function start(options: MillimetricExpressOptions = {}) {
  const client = new MillimetricClient({ key: KEY, host: ingest.url, flushAt: 500, flushIntervalMs: 50, pacing: false });
  const app = express();
  app.use(millimetric({ client, ...options }));
  app.get("/signup", (req, res) => {
    const tag = String(req.query.tag);
    res.json({
      anonymousId: req.millimetric.anonymousId ?? null,
      optedOut: req.millimetric.optedOut,
      ids: [
        track({ event: `signup_${tag}`, user_id: "user_1" }) ?? null,
        req.millimetric.track({ event: `page_${tag}` }) ?? null,
        identify({ user_id: "user_1" }) ?? null,
        req.millimetric.identify({ user_id: "user_1" }) ?? null,
      ],
    });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, client };
}

describe("consent (Sec-GPC: 1, mm_optout=1)", () => {
  it.each([
    ["Sec-GPC: 1", { ...BROWSER, "sec-gpc": "1" }],
    ["the mm_optout=1 cookie", { ...BROWSER, cookie: "mm_optout=1" }],
    ["the mm_optout=1 cookie beside a known visitor's aid", { ...BROWSER, cookie: "aid=u_known_visitor; mm_optout=1" }],
  ])("%s: no id, no Set-Cookie, nothing delivered", async (_name, headers) => {
    const { url, client } = await start();
    const res = await request(`${url}/signup?tag=out`, { headers });
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(res.body)).toEqual({ anonymousId: null, optedOut: true, ids: [null, null, null, null] });
    // Another visitor's request right after, to prove the pipe works and to flush behind it.
    const other = JSON.parse((await request(`${url}/signup?tag=in`, { headers: BROWSER })).body);
    expect(other.optedOut).toBe(false);
    await client.flush();
    expect(ingest.events.map((e) => e.event).sort()).toEqual(["$identify", "$identify", "page_in", "signup_in"]);
    expect(ingest.events.every((e) => e.anonymous_id === other.anonymousId)).toBe(true);
  });

  it("other requests are unaffected: minted, cookie set, events sent (Sec-GPC: 0 is no signal)", async () => {
    const { url, client } = await start();
    const res = await request(`${url}/signup?tag=in`, { headers: { ...BROWSER, "sec-gpc": "0", cookie: "mm_optout=0" } });
    const body = JSON.parse(res.body);
    expect(body.optedOut).toBe(false);
    expect(body.ids.every((id: unknown) => typeof id === "string")).toBe(true);
    expect(String(res.headers["set-cookie"])).toContain(`aid=${body.anonymousId}`);
    await client.flush();
    expect(ingest.events).toHaveLength(4);
  });

  it("ignorePrivacySignals: true mints and sends for a Sec-GPC request", async () => {
    const { url, client } = await start({ ignorePrivacySignals: true });
    const res = await request(`${url}/signup?tag=forced`, { headers: { ...BROWSER, "sec-gpc": "1" } });
    expect(JSON.parse(res.body).optedOut).toBe(false);
    expect(String(res.headers["set-cookie"])).toMatch(/^aid=u_/);
    await client.flush();
    expect(ingest.events.map((e) => e.event).sort()).toEqual(["$identify", "$identify", "page_forced", "signup_forced"]);
  });

  it("ignorePrivacySignals: true still honours the visitor's own mm_optout=1 (core's one rule, as in the browser)", async () => {
    const { url, client } = await start({ ignorePrivacySignals: true });
    const res = await request(`${url}/signup?tag=chose`, { headers: { ...BROWSER, cookie: "mm_optout=1" } });
    expect(JSON.parse(res.body).optedOut).toBe(true);
    expect(res.headers["set-cookie"]).toBeUndefined();
    await client.flush();
    expect(ingest.events).toHaveLength(0);
  });

  it("an event that is not about the visitor is the app's call: an explicit context sends it", async () => {
    const client = new MillimetricClient({ key: KEY, host: ingest.url, flushAt: 500, flushIntervalMs: 50, pacing: false });
    const app = express();
    app.use(millimetric({ client }));
    app.post("/webhooks/paid", (_req, res) => {
      res.json({ id: client.track({ event: "invoice_paid", user_id: "user_9" }, {}) ?? null });
    });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    servers.push(server);
    const res = await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/paid`, { method: "POST", headers: { "sec-gpc": "1" } });
    expect(JSON.parse(res.body).id).toMatch(/^[0-9a-f]{32}$/);
    await client.flush();
    expect(ingest.events).toEqual([expect.objectContaining({ event: "invoice_paid", user_id: "user_9" })]);
  });
});
