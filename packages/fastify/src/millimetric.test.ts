// The plugin on Fastify 5 over real HTTP on 127.0.0.1, against the real ingest.
import { request as httpRequest } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import fastifyCookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { aidPayload, agent, BROWSER, MINTED_ID, request, setCookieValue } from "../../fetch/test/http";
import { startRealIngest, type RealIngest } from "../../fetch/test/realIngest";
import millimetric, { flush, identify, MillimetricClient, MillimetricError, shutdown, track, type MillimetricFastifyOptions } from "./index";

let ingest: RealIngest;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  ingest = await startRealIngest();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  agent.destroy();
  await shutdown();
  await ingest?.close();
});

/** Client options on the real ingest; batching held back so only a flush (or app.close()) delivers. */
const held = (): MillimetricFastifyOptions => ({ key: ingest.server.keys.secret, host: ingest.url, flushAt: 1000, flushIntervalMs: 60_000 });

async function start(options: MillimetricFastifyOptions = held(), setup?: (app: FastifyInstance) => void | Promise<void>, fastifyOptions = {}) {
  const app = Fastify(fastifyOptions);
  apps.push(app);
  await app.register(millimetric, options);
  await setup?.(app);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}

describe("the id contract", () => {
  it("mints for a browser's first request: aid + mm_minted, request.millimetric, its script, the forwarded Cookie header", async () => {
    const { url } = await start(held(), (app) => {
      app.get("/", async (req, reply) => {
        reply.type("text/html");
        return `<head>${req.millimetric.script}</head>${req.millimetric.anonymousId}|${req.millimetric.minted}|${req.headers.cookie}`;
      });
    });
    const res = await request(`${url}/`, { headers: { ...BROWSER, cookie: "theme=dark" } });
    const id = setCookieValue(res)!;
    expect(id).toMatch(MINTED_ID);
    expect(res.headers["set-cookie"]).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`, `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax`]);
    expect(res.body).toBe(`<head><script>window.__aid={"id":"${id}","minted":true};</script></head>${id}|true|theme=dark; aid=${id}`);
    const back = await request(`${url}/`, { headers: { cookie: `aid=${id}` } });
    expect(back.headers["set-cookie"]).toBeUndefined();
    expect(aidPayload(back.body)).toEqual({ id, minted: false });
  });

  it("Secure behind a TLS proxy (trustProxy), cookie options in the script, and the header over the cookie", async () => {
    const { url } = await start({ ...held(), cookie: { name: "mm_id", domain: "app.test" } }, (app) => {
      app.get("/", async (req) => req.millimetric.script + "|" + req.millimetric.anonymousId);
    }, { trustProxy: true });
    const res = await request(`${url}/`, { headers: { ...BROWSER, "x-forwarded-proto": "https" } });
    const id = setCookieValue(res, "mm_id");
    expect(res.headers["set-cookie"]).toEqual([
      `mm_id=${id}; Path=/; Max-Age=31536000; SameSite=Lax; Domain=app.test; Secure`,
      `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax; Domain=app.test; Secure`,
    ]);
    expect(aidPayload(res.body)).toEqual({ id, minted: true, cookie: "mm_id=; Path=/; Max-Age=31536000; SameSite=Lax; Domain=app.test" });
    const viaHeader = await request(`${url}/`, { headers: { cookie: "mm_id=u_cookie", "x-millimetric-anonymous-id": "u_header" } });
    expect(viaHeader.body.endsWith("|u_header")).toBe(true);
    // The header is the page's own id: the cookie is left as it is (contract row 4).
    expect(viaHeader.headers["set-cookie"]).toBeUndefined();
  });

  it("invents no visitor for a webhook; isVisitorRequest decides, and one that throws costs the id, not the request", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let rule: (url: string) => boolean = (u) => !u.startsWith("/hooks/");
    const { url } = await start({ ...held(), isVisitorRequest: (req) => rule(req.url) }, (app) => {
      app.all("/*", async (req) => ({ id: req.millimetric.anonymousId ?? null, script: req.millimetric.script }));
    });
    const webhook = await request(`${url}/hooks/stripe`, { method: "POST", headers: { ...BROWSER, "content-type": "application/json" }, body: "{}" });
    expect(webhook.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(webhook.body)).toEqual({ id: null, script: "" });
    const page = await request(`${url}/page`);
    expect(setCookieValue(page)).toMatch(MINTED_ID);
    rule = () => {
      throw new Error("boom");
    };
    const throwing = await request(`${url}/page`, { headers: BROWSER });
    expect(throwing.status).toBe(200);
    expect(throwing.headers["set-cookie"]).toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("[millimetric] isVisitorRequest threw (Error: boom)"));
  });

  it("keeps the cookies on an error response and a redirect", async () => {
    const { url } = await start(held(), (app) => {
      app.get("/fail", async () => {
        throw new Error("handler failed");
      });
      app.get("/away", async (_req, reply) => reply.redirect("/elsewhere"));
    });
    const failed = await request(`${url}/fail`, { headers: BROWSER });
    expect(failed.status).toBe(500);
    expect(setCookieValue(failed)).toMatch(MINTED_ID);
    const away = await request(`${url}/away`, { headers: BROWSER });
    expect(away.status).toBe(302);
    expect(setCookieValue(away, "mm_minted")).toBe(setCookieValue(away));
  });
});

describe("with @fastify/cookie", () => {
  it.each(["before", "after"] as const)("registered %s the plugin: request.cookies has the id, reply.setCookie and ours both reach the browser", async (order) => {
    const app = Fastify();
    apps.push(app);
    if (order === "before") await app.register(fastifyCookie);
    await app.register(millimetric, held());
    if (order === "after") await app.register(fastifyCookie);
    app.get("/", async (req, reply) => {
      reply.setCookie("theme", "dark", { path: "/" });
      return { parsed: req.cookies.aid, id: req.millimetric.anonymousId };
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const res = await request(`${url}/`, { headers: { ...BROWSER, cookie: "aid=<bad>" } });
    const id = setCookieValue(res);
    expect(JSON.parse(res.body)).toEqual({ parsed: id, id });
    expect(res.headers["set-cookie"]?.map((c) => c.split("=")[0])).toEqual(["aid", "mm_minted", "theme"]);
  });
});

describe("request context", () => {
  it("plain track() attaches the request's ids in handlers after awaits and after the body is parsed; getUserId is lazy", async () => {
    const getUserId = vi.fn((req: { headers: Record<string, unknown> }) => req.headers["x-user"] as string | undefined);
    const { url } = await start({ ...held(), getUserId }, (app) => {
      const preHandler = async () => {
        track({ event: "in_pre_handler" });
      };
      app.post("/signup", { preHandler }, async (req) => {
        await sleep(3);
        track({ event: "signup", properties: { plan: (req.body as { plan: string }).plan } });
        return { ok: true };
      });
      app.get("/quiet", async () => "quiet");
    });
    await request(`${url}/quiet`, { headers: { cookie: "aid=u_quiet", "x-user": "nobody" } });
    expect(getUserId).not.toHaveBeenCalled();
    const res = await request(`${url}/signup`, {
      method: "POST",
      headers: { cookie: "aid=u_fastify_signup", "x-user": "user-7", "content-type": "application/json" },
      body: JSON.stringify({ plan: "pro", pad: "x".repeat(100_000) }),
    });
    expect(res.status).toBe(200);
    await flush();
    const events = await ingest.waitFor({ anonymous_id: "u_fastify_signup" }, (e) => e.length === 2);
    expect(events.map((e) => [e.event, e.user_id]).sort()).toEqual([
      ["in_pre_handler", "user-7"],
      ["signup", "user-7"],
    ]);
    expect(getUserId).toHaveBeenCalledTimes(1);
  });

  it("plain track() keeps the request's ids when the body arrives after the headers (a slow client: the body is parsed from later stream events)", async () => {
    const { url } = await start(held(), (app) => {
      app.post("/slow", async (req) => {
        track({ event: "slow_body", properties: req.body as Record<string, unknown> });
        return "ok";
      });
    });
    const status = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ part: "late" });
      const req = httpRequest(`${url}/slow`, {
        method: "POST",
        headers: { cookie: "aid=u_fastify_slow", "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.flushHeaders();
      // The body leaves only once Fastify is already waiting for it.
      setTimeout(() => req.end(body), 100);
    });
    expect(status).toBe(200);
    await flush();
    const events = await ingest.waitFor({ anonymous_id: "u_fastify_slow" }, (e) => e.length === 1);
    expect(events[0]).toMatchObject({ event: "slow_body", properties: { part: "late" } });
  });

  it("request.millimetric.track() keeps its own request's id from a callback another request triggers", async () => {
    const listeners: Array<() => void> = [];
    const { url } = await start(held(), (app) => {
      app.get("/register", async (req) => {
        const bound = req.millimetric;
        listeners.push(() => bound.track({ event: "fastify_callback" }));
        return "ok";
      });
      app.get("/trigger", async () => {
        listeners.forEach((l) => l());
        return "ok";
      });
    });
    await request(`${url}/register`, { headers: { cookie: "aid=u_fastify_registered" } });
    await request(`${url}/trigger`, { headers: { cookie: "aid=u_fastify_trigger" } });
    await flush();
    await ingest.waitFor({ anonymous_id: "u_fastify_registered" }, (e) => e.length === 1);
    expect(await ingest.query({ anonymous_id: "u_fastify_trigger" })).toEqual([]);
  });

  it("identify() links the request's id; in a webhook it fails in development with the fix", async () => {
    const { url } = await start(held(), (app) => {
      app.post("/login", async () => {
        identify({ user_id: "fastify-user" });
        return "ok";
      });
    });
    expect((await request(`${url}/login`, { method: "POST", headers: { cookie: "aid=u_fastify_login" } })).status).toBe(200);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const hook = await request(`${url}/login`, { method: "POST" });
    expect(hook.status).toBe(500);
    expect(JSON.parse(hook.body).message).toMatch(/\[millimetric\] identify\(\) needs an anonymous_id/);
    void errors;
    await flush();
    const events = await ingest.waitFor({ anonymous_id: "u_fastify_login" }, (e) => e.length === 1);
    expect(events[0]).toMatchObject({ event: "$identify", user_id: "fastify-user" });
  });

  it("is loud in development outside a request: track() and identify() throw with the fix", () => {
    expect(() => track({ event: "outside" })).toThrow(MillimetricError);
    expect(() => track({ event: "outside" })).toThrow(/outside a request handled by the Millimetric Fastify plugin.*app\.register\(millimetric\)/);
    expect(() => identify({ user_id: "u" })).toThrow(/identify\(\) was called outside a request/);
  });
});

describe("fastify-plugin conventions", () => {
  it("is not encapsulated: registered at the root, its decorators and hooks reach the root and every sibling plugin's routes", async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(millimetric, held());
    await app.register(async (routes) => {
      routes.get("/child", async (req) => req.millimetric.anonymousId);
    });
    await app.ready();
    expect(typeof app.millimetric.track).toBe("function");
    const res = await app.inject({ url: "/child", headers: { cookie: "aid=u_child" } });
    expect(res.body).toBe("u_child");
  });

  it("reply.millimetricScript() and the nonce option (default: reply.cspNonce.script from @fastify/helmet)", async () => {
    const { url } = await start(held(), (app) => {
      app.addHook("onRequest", async (_req, reply) => {
        (reply as unknown as { cspNonce: { script: string } }).cspNonce = { script: 'abc"<' };
      });
      app.get("/", async (req, reply) => `${req.millimetric.script}|${reply.millimetricScript({ nonce: "given" })}`);
    });
    const res = await request(`${url}/`, { headers: { cookie: "aid=u_nonce" } });
    expect(res.body).toBe(
      '<script nonce="abc&#34;&#60;">window.__aid={"id":"u_nonce","minted":false};</script>|<script nonce="given">window.__aid={"id":"u_nonce","minted":false};</script>',
    );
  });

  it("app.close() delivers what the plugin's client holds (onClose), and stops a client it created", async () => {
    const { app, url } = await start(held(), (a) => {
      a.get("/", async () => {
        track({ event: "before_close" });
        return "ok";
      });
    });
    await request(`${url}/`, { headers: { cookie: "aid=u_fastify_close_unit" } });
    const client = app.millimetric.client;
    expect(client.stats.queued).toBe(1);
    await app.close();
    expect((await ingest.query({ anonymous_id: "u_fastify_close_unit" })).map((e) => e.event)).toEqual(["before_close"]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    app.millimetric.track({ event: "after_close", anonymous_id: "u_after" });
    expect(errors).toHaveBeenCalled();
  });

  it("app.close() only flushes a client you passed, and fastify.millimetric tracks on it outside requests", async () => {
    const client = new MillimetricClient({ key: ingest.server.keys.secret, host: ingest.url, flushAt: 1000, flushIntervalMs: 60_000 });
    const { app } = await start({ client });
    expect(app.millimetric.client).toBe(client);
    app.millimetric.track({ event: "from_decorator", user_id: "decorator-user" });
    await app.close();
    await ingest.waitFor({ user_id: "decorator-user" }, (e) => e.length === 1);
    client.track({ event: "still_running", user_id: "decorator-user" });
    await client.flush();
    await ingest.waitFor({ user_id: "decorator-user" }, (e) => e.length === 2);
  });
});
