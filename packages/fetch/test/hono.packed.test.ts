// Hono on @hono/node-server in a fresh app installed from the packed tarballs, against
// the real ingest: through withMillimetric(app.fetch) (and, for the id contract, the
// app.use(millimetric()) middleware from @millimetric/fetch/hono).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { aidPayload, agent, BROWSER, MINTED_ID, request, setCookieValue } from "./http";
import { startRealIngest, type RealIngest } from "./realIngest";
import { startServer, stopAll, type Served } from "./startServer";

const appDir = inject("fetchApp");
let ingest: RealIngest;

beforeAll(async () => {
  ingest = await startRealIngest();
});
afterAll(async () => {
  await stopAll();
  agent.destroy();
  await ingest?.close();
});

function serveHono(mode: "wrapper" | "middleware", env: Record<string, string> = {}): Promise<Served> {
  return startServer(process.execPath, [join(appDir, "serve-node.mjs")], {
    cwd: appDir,
    env: { MODE: mode, RUNTIME: `node-${mode}`, MILLIMETRIC_SECRET_KEY: ingest.server.keys.secret, MILLIMETRIC_HOST: ingest.url, ...env },
  });
}

describe.each(["wrapper", "middleware"] as const)("Hono through the %s", (mode) => {
  let server: Served;
  beforeAll(async () => {
    server = await serveHono(mode);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("first visit: the Set-Cookie id is window.__aid and the tracked event's anonymous_id; a returning visitor keeps it", async () => {
    const first = await request(`${server.url}/`, { headers: { accept: "text/html" } });
    expect(first.status).toBe(200);
    const id = setCookieValue(first);
    expect(id).toMatch(MINTED_ID);
    expect(first.headers["set-cookie"]).toEqual([
      `aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`,
      `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax`,
    ]);
    expect(aidPayload(first.body)).toEqual({ id, minted: true });
    const [event] = await ingest.waitFor({ anonymous_id: id!, event: "first_visit" }, (e) => e.length === 1);
    expect(event).toMatchObject({ anonymous_id: id, source: "server", properties: { runtime: `node-${mode}` } });

    const again = await request(`${server.url}/`, { headers: { accept: "text/html", cookie: `theme=dark; aid=${id}` } });
    expect(again.headers["set-cookie"]).toBeUndefined();
    expect(aidPayload(again.body)).toEqual({ id, minted: false });
    const events = await ingest.waitFor({ anonymous_id: id!, event: "first_visit" }, (e) => e.length === 2);
    expect(events.map((e) => e.anonymous_id)).toEqual([id, id]);
    expect(server.stderr()).toBe("");
  });

  it("replaces hostile cookies with a fresh id and never puts them in the HTML", async () => {
    for (const hostile of ['</script><script>alert(1)</script>', "u_ok\u2028<img>", "a".repeat(129), '"};alert(1);//']) {
      const res = await request(`${server.url}/`, { headers: { ...BROWSER, cookie: `aid=${encodeURIComponent(hostile)}; other=1` } });
      const id = setCookieValue(res);
      expect(id).toMatch(MINTED_ID);
      expect(aidPayload(res.body)).toEqual({ id, minted: true });
      expect(res.body).not.toContain(hostile);
      expect(res.body).not.toContain(encodeURIComponent(hostile));
      expect(res.body).not.toContain("alert(1)");
    }
  });

  it("a webhook-shaped request gets no Set-Cookie and no invented visitor; its event keeps its user_id", async () => {
    const res = await request(`${server.url}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
      body: JSON.stringify({ user: `stripe_${mode}` }),
    });
    expect(res.status).toBe(200);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(res.body)).toEqual({ id: null });
    const [event] = await ingest.waitFor({ user_id: `stripe_${mode}` }, (e) => e.length === 1);
    expect(event).toMatchObject({ event: "webhook_received", anonymous_id: null });
  });
});

describe("Hono through withMillimetric, batched (flushAt 100)", () => {
  let server: Served;
  beforeAll(async () => {
    server = await serveHono("wrapper", { FLUSH_AT: "100", RUNTIME: "node-concurrent" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("2 000 concurrent requests with random awaits: 0 misattributed, in the responses and in the ingest", async () => {
    const N = 2000;
    const idOf = (n: number) => `u_concurrent_${n}`;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, n) => request(`${server.url}/concurrent/${n}`, { headers: { cookie: `aid=${idOf(n)}` } })),
    );
    const wrongAnswers = answers.filter((res, n) => res.status !== 200 || JSON.parse(res.body).id !== idOf(n) || res.headers["set-cookie"]);
    expect(wrongAnswers).toEqual([]);
    const stored = (
      await Promise.all([0, 1].map((k) => ingest.waitFor({ event: `concurrent_${k}` }, (e) => e.length === 1000, 60_000)))
    ).flat();
    expect(stored.length).toBe(N);
    const misattributed = stored.filter((e) => e.anonymous_id !== idOf(Number(e.properties?.n)));
    expect(misattributed).toEqual([]);
    expect(new Set(stored.map((e) => e.properties?.n)).size).toBe(N);
    expect(server.stderr()).toBe("");
  }, 180_000);
});
