// Fastify 5 with the plugin in a fresh app installed from the packed tarballs, against
// the real ingest; without @fastify/cookie, with it registered before and after the
// plugin; on Node 20 (this machine) and Node 24 (the npm registry's binary).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
// The suites' shared helpers live with @millimetric/fetch's matrix (see its test/ folder).
import { aidPayload, agent, BROWSER, MINTED_ID, request, setCookieValue, type TestResponse } from "../../fetch/test/http";
import { startRealIngest, type RealIngest } from "../../fetch/test/realIngest";
import { installRuntime } from "../../fetch/test/runtimes/installRuntime";
import { startServer, stopAll, type Served } from "../../fetch/test/startServer";

const appDir = inject("fastifyApp");
let ingest: RealIngest;

beforeAll(async () => {
  ingest = await startRealIngest();
});
afterAll(async () => {
  await stopAll();
  agent.destroy();
  await ingest?.close();
});

function serve(node: string, env: Record<string, string>): Promise<Served> {
  return startServer(node, [join(appDir, "server.mjs")], {
    cwd: appDir,
    env: { MILLIMETRIC_SECRET_KEY: ingest.server.keys.secret, MILLIMETRIC_HOST: ingest.url, ...env },
  });
}

/** What a page says the server used, by element id. */
const shown = (res: TestResponse, id: string) => new RegExp(`<p id="${id}">([^<]*)</p>`).exec(res.body)?.[1];

/** The first visit of the acceptance: one id in Set-Cookie, window.__aid, request.millimetric and the ingest. */
async function firstVisit(server: Served, runtime: string): Promise<string> {
  const res = await request(`${server.url}/`, { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  const id = setCookieValue(res)!;
  expect(id).toMatch(MINTED_ID);
  expect(res.headers["set-cookie"]).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`, `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax`]);
  expect(aidPayload(res.body)).toEqual({ id, minted: true });
  expect(shown(res, "server")).toBe(id);
  const events = await ingest.waitFor({ anonymous_id: id }, (e) => e.length === 1);
  expect(events[0]).toMatchObject({ event: "first_visit", anonymous_id: id, source: "server", properties: { runtime } });
  return id;
}

describe.each([
  ["without @fastify/cookie", ""],
  ["with @fastify/cookie registered before the plugin", "before"],
  ["with @fastify/cookie registered after the plugin", "after"],
])("Fastify %s", (_label, cookiePlugin) => {
  const runtime = `fastify-${cookiePlugin || "plain"}`;
  let server: Served;
  beforeAll(async () => {
    server = await serve(process.execPath, { RUNTIME: runtime, COOKIE_PLUGIN: cookiePlugin });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("first visit: Set-Cookie id == window.__aid == request.millimetric.anonymousId == the event's anonymous_id; a returning visitor keeps it", async () => {
    const id = await firstVisit(server, runtime);
    const again = await request(`${server.url}/`, { headers: { accept: "text/html", cookie: `theme=dark; aid=${id}` } });
    expect(again.headers["set-cookie"]).toBeUndefined();
    expect(aidPayload(again.body)).toEqual({ id, minted: false });
    expect(shown(again, "server")).toBe(id);
    if (cookiePlugin) expect(shown(again, "parsed")).toBe(id);
    await ingest.waitFor({ anonymous_id: id }, (e) => e.length === 2);
    expect(server.stderr()).toBe("");
  });

  it("replaces hostile cookies (request.cookies too) and never puts them in the HTML", async () => {
    for (const hostile of ['</script><script>alert(1)</script>', '"};alert(1);//', "a".repeat(129)]) {
      const res = await request(`${server.url}/`, { headers: { ...BROWSER, cookie: `aid=${encodeURIComponent(hostile)}` } });
      const id = setCookieValue(res);
      expect(id).toMatch(MINTED_ID);
      expect(aidPayload(res.body)).toEqual({ id, minted: true });
      expect(shown(res, "server")).toBe(id);
      if (cookiePlugin) expect(shown(res, "parsed")).toBe(id);
      expect(res.body).not.toContain("alert(1)");
      expect(res.body).not.toContain(hostile);
    }
  });

  it("a webhook-shaped request gets no Set-Cookie and no invented visitor", async () => {
    const res = await request(`${server.url}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Stripe/1.0" },
      body: JSON.stringify({ user: `stripe_${runtime}` }),
    });
    expect(res.status).toBe(200);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(res.body)).toEqual({ id: null });
    const events = await ingest.waitFor({ user_id: `stripe_${runtime}` }, (e) => e.length === 1);
    expect(events[0]).toMatchObject({ event: "webhook_received", anonymous_id: null });
  });
});

describe("Fastify, batched (flushAt 100)", () => {
  let server: Served;
  beforeAll(async () => {
    server = await serve(process.execPath, { RUNTIME: "fastify-concurrent", FLUSH_AT: "100" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("2 000 concurrent requests (half with a JSON body to parse) with random awaits: 0 misattributed", async () => {
    const N = 2000;
    const idOf = (n: number) => `u_fastify_${n}`;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, n) =>
        n % 2
          ? request(`${server.url}/concurrent/${n}`, { method: "POST", headers: { cookie: `aid=${idOf(n)}`, "content-type": "application/json" }, body: JSON.stringify({ n, pad: "x".repeat(2000) }) })
          : request(`${server.url}/concurrent/${n}`, { headers: { cookie: `aid=${idOf(n)}` } }),
      ),
    );
    expect(answers.filter((res, n) => res.status !== 200 || JSON.parse(res.body).id !== idOf(n) || res.headers["set-cookie"])).toEqual([]);
    const stored = (await Promise.all([0, 1].map((k) => ingest.waitFor({ event: `concurrent_${k}` }, (e) => e.length === 1000, 60_000)))).flat();
    expect(stored.length).toBe(N);
    expect(stored.filter((e) => e.anonymous_id !== idOf(Number(e.properties?.n)))).toEqual([]);
    expect(new Set(stored.map((e) => e.properties?.n)).size).toBe(N);
    expect(stored.filter((e) => e.properties?.method === "POST")).toHaveLength(N / 2);
    expect(server.stderr()).toBe("");
  }, 180_000);

  it("SIGTERM → app.close(): the plugin's onClose hook delivers what is still queued", async () => {
    const held = await serve(process.execPath, { RUNTIME: "fastify-close", FLUSH_AT: "1000" });
    await request(`${held.url}/`, { headers: { accept: "text/html", cookie: "aid=u_fastify_close" } });
    expect(await ingest.query({ anonymous_id: "u_fastify_close" })).toEqual([]);
    await held.stop();
    const events = await ingest.query({ anonymous_id: "u_fastify_close" });
    expect(events.map((e) => e.event)).toEqual(["first_visit"]);
  });

  it("by default (no flushAt, no signal wired to app.close()): events wait in a batch, and SIGTERM delivers them before the process ends", async () => {
    const held = await serve(process.execPath, { RUNTIME: "fastify-defaults", HOLD: "1", NO_SIGNAL_HANDLER: "1" });
    for (let n = 0; n < 3; n++) await request(`${held.url}/`, { headers: { accept: "text/html", cookie: "aid=u_fastify_defaults" } });
    // flushAt 1 would have sent each at once; 3 < the default 50, and the interval is 10 min.
    expect(await ingest.query({ anonymous_id: "u_fastify_defaults" })).toEqual([]);
    await held.stop();
    const events = await ingest.query({ anonymous_id: "u_fastify_defaults" });
    expect(events.map((e) => e.event)).toEqual(["first_visit", "first_visit", "first_visit"]);
    expect(held.stderr()).toBe("");
  });
});

describe("Fastify, the README's serverless registration (flushAt 1, flush() in onSend)", () => {
  it("each response goes out only once its event is stored, however slow the ingest", async () => {
    // The ingest answers 300 ms late: an answer that did not wait for delivery beats its event.
    const slow = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        await new Promise((r) => setTimeout(r, 300));
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<string, string>;
        const answer = await fetch(`${ingest.url}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(await answer.text());
      });
    });
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    const server = await serve(process.execPath, { RUNTIME: "fastify-serverless", SERVERLESS: "1", MILLIMETRIC_HOST: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` });
    try {
      for (let n = 0; n < 3; n++) {
        const id = `u_fastify_serverless_${n}`;
        expect((await request(`${server.url}/`, { headers: { accept: "text/html", cookie: `aid=${id}` } })).status).toBe(200);
        // Read at once, no polling: the answer was held until delivery.
        expect((await ingest.query({ anonymous_id: id })).map((e) => e.event)).toEqual(["first_visit"]);
      }
      expect(server.stderr()).toBe("");
    } finally {
      await server.stop();
      slow.close();
    }
  });
});

describe("runtime matrix: Fastify on Node 24", () => {
  it("@millimetric/fastify on Node 24: Set-Cookie id == window.__aid == request.millimetric.anonymousId == the server event's anonymous_id", async () => {
    const server = await serve(await installRuntime("node24"), { RUNTIME: "fastify-node24" });
    try {
      await firstVisit(server, "fastify-node24");
      expect(server.stderr()).toBe("");
    } finally {
      await server.stop();
    }
  }, 240_000);
});
