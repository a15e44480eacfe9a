// The consent rule over real HTTP, against the real ingest server: a request carrying
// Global Privacy Control or the browser SDK's mm_optout=1 cookie gets no id and no
// Set-Cookie, and its events are not sent; other requests are unaffected.
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agent, BROWSER, request } from "../../fetch/test/http";
import { startRealIngest, type RealIngest } from "../../fetch/test/realIngest";
import millimetric, { identify, shutdown, track, type MillimetricFastifyOptions } from "./index";

let ingest: RealIngest;
const apps: FastifyInstance[] = [];
beforeAll(async () => void (ingest = await startRealIngest()));
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  agent.destroy();
  await shutdown();
  await ingest?.close();
});

async function start(tag: string, options: Partial<MillimetricFastifyOptions> = {}) {
  const app = Fastify();
  apps.push(app);
  await app.register(millimetric, { key: ingest.server.keys.secret, host: ingest.url, flushAt: 1000, flushIntervalMs: 60_000, ...options });
  app.get("/signup", async (req) => ({
    anonymousId: req.millimetric.anonymousId ?? null,
    optedOut: req.millimetric.optedOut,
    ids: [
      track({ event: `signup_${tag}`, user_id: "user_1" }) ?? null,
      req.millimetric.track({ event: `page_${tag}` }) ?? null,
      identify({ user_id: `user_${tag}` }) ?? null,
      req.millimetric.identify({ user_id: `user_${tag}` }) ?? null,
    ],
  }));
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}
const ours = (tag: string) => (e: { event: string; user_id?: string | null }) => e.event.endsWith(`_${tag}`) || e.user_id === `user_${tag}`;

describe("consent (Sec-GPC: 1, mm_optout=1)", () => {
  it("opted-out requests get no id and no Set-Cookie and deliver nothing; the next visitor's do", async () => {
    const { app, url } = await start("a");
    for (const headers of [{ ...BROWSER, "sec-gpc": "1" }, { ...BROWSER, cookie: "aid=u_known_visitor; mm_optout=1" }]) {
      const res = await request(`${url}/signup`, { headers });
      expect(res.headers["set-cookie"]).toBeUndefined();
      expect(JSON.parse(res.body)).toEqual({ anonymousId: null, optedOut: true, ids: [null, null, null, null] });
    }
    const res = await request(`${url}/signup`, { headers: BROWSER });
    const body = JSON.parse(res.body) as { anonymousId: string; optedOut: boolean };
    expect(body.optedOut).toBe(false);
    expect(String(res.headers["set-cookie"])).toContain(`aid=${body.anonymousId}`);
    await app.millimetric.flush();
    const events = (await ingest.waitFor({}, (all) => all.filter(ours("a")).length >= 4)).filter(ours("a"));
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.anonymous_id === body.anonymousId)).toBe(true);
  });

  it("ignorePrivacySignals: true mints and sends for a Sec-GPC request", async () => {
    const { app, url } = await start("b", { ignorePrivacySignals: true });
    const res = await request(`${url}/signup`, { headers: { ...BROWSER, "sec-gpc": "1" } });
    expect(JSON.parse(res.body).optedOut).toBe(false);
    expect(String(res.headers["set-cookie"])).toMatch(/^aid=u_/);
    await app.millimetric.flush();
    await ingest.waitFor({}, (all) => all.filter(ours("b")).length === 4);
  });
});
