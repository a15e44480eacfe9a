import { EventEmitter } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startIngest, type IngestServer } from "@millimetric/ingest";
import express5 from "express";
import express4 from "express4";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MillimetricClient, MillimetricError, identify, millimetric, shutdown, track, type MillimetricExpressOptions } from "./index";
import { agent, request, setCookieValue } from "./testing/request";
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";

const KEY = "sk_test_abcdef12_secretsecretsecret";
const ID = /^u_[0-9a-f]{32}$/;
// What a browser's top-level navigation sends: the signals that let the middleware mint.
const BROWSER = { "sec-fetch-site": "none", accept: "text/html,application/xhtml+xml" };
type Express = typeof express5;

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
const views = mkdtempSync(join(tmpdir(), "mm-express-views-"));
writeFileSync(join(views, "page.html"), "");
beforeAll(async () => {
  ingest = await startStubIngest();
});
afterAll(async () => {
  agent.destroy();
  await ingest.close();
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  vi.unstubAllEnvs();
});

/** An express() app with the middleware (options merged over a client on the stub) and a template engine. */
function makeApp(express: Express, options: MillimetricExpressOptions = {}) {
  const client = new MillimetricClient({ key: KEY, host: ingest.url, flushAt: 500, flushIntervalMs: 50, pacing: false });
  const app = express();
  app.set("trust proxy", true);
  // A minimal template engine: the page is built from res.locals like EJS/Pug would.
  app.engine("html", (_file: string, locals: Record<string, any>, cb: (e: unknown, html?: string) => void) =>
    cb(null, `<!doctype html><html><head>${locals.millimetric.script}</head><body>${locals.anonymousIdText}</body></html>`),
  );
  app.set("views", views);
  app.set("view engine", "html");
  app.use(millimetric({ client, ...options }));
  return { app, client };
}

async function listen(app: { listen: Function }): Promise<string> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const scriptId = (html: string) => /window\.__aid=\{"id":"([^"]+)"/.exec(html)?.[1];

describe.each([
  ["Express 4", express4 as unknown as Express],
  ["Express 5", express5],
])("%s", (_name, express) => {
  it("mints the aid cookie on the first request and reuses it after", async () => {
    const { app } = makeApp(express);
    app.get("/", (req, res) => {
      res.json({ id: req.millimetric.anonymousId, minted: req.millimetric.minted });
    });
    const url = await listen(app);

    const first = await request(`${url}/`, { headers: BROWSER });
    const id = setCookieValue(first);
    expect(id).toMatch(ID);
    // mm_minted tells a page that renders no script that this id was minted just now (contract row 1).
    expect(first.headers["set-cookie"]).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`, `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax`]);
    expect(JSON.parse(first.body)).toEqual({ id, minted: true });

    const second = await request(`${url}/`, { headers: { cookie: `theme=dark; aid=${id}` } });
    expect(second.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(second.body)).toEqual({ id, minted: false });
  });

  it("forwards a minted or replaced id on the request's own Cookie header, other cookies kept", async () => {
    const { app } = makeApp(express);
    app.get("/", (req, res) => res.send(req.headers.cookie ?? ""));
    const url = await listen(app);
    const fresh = await request(`${url}/`, { headers: BROWSER });
    expect(fresh.body).toBe(`aid=${setCookieValue(fresh)}`);
    const replaced = await request(`${url}/`, { headers: { ...BROWSER, cookie: "theme=dark; aid=<script>; lang=en" } });
    expect(replaced.body).toBe(`theme=dark; lang=en; aid=${setCookieValue(replaced)}`);
    const kept = await request(`${url}/`, { headers: { cookie: "theme=dark; aid=u_kept" } });
    expect(kept.body).toBe("theme=dark; aid=u_kept");
  });

  it("marks the cookie Secure when req.secure, and honours cookie options", async () => {
    const { app } = makeApp(express, { cookie: { name: "mm_id", domain: "example.test", maxAge: 60 } });
    app.get("/", (_req, res) => res.render("page", { anonymousIdText: "" }));
    const url = await listen(app);
    const res = await request(`${url}/`, { headers: { ...BROWSER, "x-forwarded-proto": "https" } });
    const id = setCookieValue(res, "mm_id");
    expect(res.headers["set-cookie"]).toEqual([
      `mm_id=${id}; Path=/; Max-Age=60; SameSite=Lax; Domain=example.test; Secure`,
      `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax; Domain=example.test; Secure`,
    ]);
    // The browser writes the id back the way this cookie was set (Secure is its own to add
    // on https): it replaces this cookie rather than adding a second one.
    expect(res.body).toContain(
      `<script>window.__aid={"id":"${id}","minted":true,"cookie":"mm_id=; Path=/; Max-Age=60; SameSite=Lax; Domain=example.test"};</script>`,
    );
  });

  it("prefers a valid x-millimetric-anonymous-id header over the cookie, and ignores an invalid one", async () => {
    const { app } = makeApp(express);
    app.get("/", (req, res) => res.send(req.millimetric.anonymousId));
    const url = await listen(app);

    const viaHeader = await request(`${url}/`, { headers: { cookie: "aid=u_fromcookie", "x-millimetric-anonymous-id": "u_fromheader" } });
    expect(viaHeader.body).toBe("u_fromheader");
    // The header is the page's own id: the cookie is left as it is (contract row 4).
    expect(viaHeader.headers["set-cookie"]).toBeUndefined();

    const badHeader = await request(`${url}/`, { headers: { cookie: "aid=u_fromcookie", "x-millimetric-anonymous-id": "<svg onload=alert(1)>" } });
    expect(badHeader.body).toBe("u_fromcookie");
    expect(badHeader.headers["set-cookie"]).toBeUndefined();
  });

  const hostile: Array<[string, string, string]> = [
    ["an XSS payload", "aid=</script><script>alert(1)</script>", "</script><script>alert(1)</script>"],
    ["a percent-encoded XSS payload", "aid=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)"],
    ["a quote breaking out of JSON", 'aid=u_1","minted":false,"x":"', '"minted":false,"x"'],
    ["8 KB of junk", `aid=${"x".repeat(8 * 1024)}`, "x".repeat(200)],
    ["unicode", "aid=%F0%9F%98%80%E2%80%A8caf%C3%A9", "café"],
    ["control characters", "aid=u_a%00%0d%0aSet-Cookie:%20x=1", "x=1"],
    ["an empty value", "aid=", 'id":""'],
    ["a 129-character id", `aid=${"a".repeat(129)}`, "a".repeat(129)],
  ];
  it.each(hostile)("replaces %s with a fresh id that never reaches the HTML", async (_label, cookie, needle) => {
    const { app } = makeApp(express);
    app.get("/", (req, res) => res.render("page", { anonymousIdText: req.millimetric.anonymousId }));
    const url = await listen(app);
    const res = await request(`${url}/`, { headers: { ...BROWSER, cookie } });
    expect(res.status).toBe(200);
    const id = setCookieValue(res);
    expect(id).toMatch(ID);
    expect(scriptId(res.body)).toBe(id);
    expect(res.body).not.toContain(needle);
    expect(res.body).toBe(`<!doctype html><html><head><script>window.__aid={"id":"${id}","minted":true};</script></head><body>${id}</body></html>`);
  });

  it("keeps the first valid of duplicate aid cookies and rewrites the cookie", async () => {
    const { app } = makeApp(express);
    app.get("/", (req, res) => res.render("page", { anonymousIdText: req.millimetric.anonymousId }));
    const url = await listen(app);
    const res = await request(`${url}/`, { headers: { cookie: "aid=<b>; aid=u_first; aid=u_second" } });
    expect(setCookieValue(res)).toBe("u_first");
    expect(scriptId(res.body)).toBe("u_first");
    expect(res.body).not.toContain("<b>");
    expect(res.body).toContain('"minted":false');
  });

  it("survives a raw request with control characters in the cookie", async () => {
    const { app } = makeApp(express);
    app.get("/", (req, res) => res.send(req.millimetric.anonymousId));
    const url = await listen(app);
    const { connect } = await import("node:net");
    const port = Number(new URL(url).port);
    const raw: string = await new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end("GET / HTTP/1.1\r\nHost: x\r\nCookie: aid=u_\x01\x7f\xff\r\nConnection: close\r\n\r\n");
      });
      let data = "";
      socket.on("data", (c) => (data += c.toString("latin1")));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 (200|400)/);
    // Either way the server keeps serving.
    const after = await request(`${url}/`, { headers: BROWSER });
    expect(after.body).toMatch(ID);
  });

  it("res.locals.millimetric.script is escaped and uses res.locals.cspNonce (or a nonce option)", async () => {
    const { app } = makeApp(express);
    app.use((_req, res, next) => {
      res.locals.cspNonce = 'n0nce"><script>alert(1)</script>';
      next();
    });
    app.get("/", (_req, res) => res.render("page", { anonymousIdText: "" }));
    const url = await listen(app);
    const res = await request(`${url}/`, { headers: { cookie: "aid=u_abc" } });
    expect(res.body).toContain(
      '<script nonce="n0nce&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;">window.__aid={"id":"u_abc","minted":false};</script>',
    );
    expect(res.body.match(/<script/g)).toHaveLength(1);

    const custom = makeApp(express, { nonce: (req) => String(req.headers["x-nonce"]) });
    custom.app.get("/", (_req, res) => res.send(res.locals.millimetric.script));
    const url2 = await listen(custom.app);
    expect((await request(`${url2}/`, { headers: { cookie: "aid=u_abc", "x-nonce": "abc123" } })).body).toBe(
      '<script nonce="abc123">window.__aid={"id":"u_abc","minted":false};</script>',
    );
  });

  it("track() anywhere below the middleware attaches the request's ids; getUserId runs lazily, once", async () => {
    const getUserId = vi.fn((req: { headers: Record<string, unknown> }) => req.headers["x-user"] as string | undefined);
    const { app, client } = makeApp(express, { getUserId });
    app.get("/quiet", (_req, res) => res.send("ok"));
    app.get("/", (req, res) => {
      setTimeout(() => {
        track({ event: "in_timeout" });
        Promise.resolve()
          .then(() => track({ event: "in_then" }))
          .then(() => {
            req.millimetric.track({ event: "via_req" });
            track({ event: "explicit", anonymous_id: "u_other", user_id: "someone" });
            identify({ user_id: "user_9" });
            res.send("ok");
          });
      }, 5);
    });
    const url = await listen(app);
    const before = ingest.events.length;
    await request(`${url}/quiet`, { headers: { cookie: "aid=u_quiet", "x-user": "user_1" } });
    expect(getUserId).not.toHaveBeenCalled();
    await request(`${url}/`, { headers: { cookie: "aid=u_lazy", "x-user": "user_1" } });
    await client.flush();
    expect(getUserId).toHaveBeenCalledTimes(1);
    expect(ingest.events.slice(before).map(({ event, anonymous_id, user_id }) => ({ event, anonymous_id, user_id }))).toEqual([
      { event: "in_timeout", anonymous_id: "u_lazy", user_id: "user_1" },
      { event: "in_then", anonymous_id: "u_lazy", user_id: "user_1" },
      { event: "via_req", anonymous_id: "u_lazy", user_id: "user_1" },
      { event: "explicit", anonymous_id: "u_other", user_id: "someone" },
      { event: "$identify", anonymous_id: "u_lazy", user_id: "user_9" },
    ]);
  });

  it("for a signed-out visitor getUserId runs once per event, not once in the adapter and again in the client", async () => {
    const getUserId = vi.fn(() => undefined);
    const { app, client } = makeApp(express, { getUserId });
    app.get("/", (req, res) => {
      req.millimetric.track({ event: "anonymous_view" });
      res.send("ok");
    });
    const url = await listen(app);
    const before = ingest.events.length;
    await request(`${url}/`, { headers: { cookie: "aid=u_signed_out" } });
    await client.flush();
    expect(getUserId).toHaveBeenCalledTimes(1);
    expect(ingest.events.slice(before).map(({ event, anonymous_id, user_id }) => ({ event, anonymous_id, user_id }))).toEqual([
      { event: "anonymous_view", anonymous_id: "u_signed_out", user_id: undefined },
    ]);
  });

  it("a webhook (no id, no browser signal) gets no id and no cookie; its events keep user_id and what it passes", async () => {
    const { app, client } = makeApp(express, { getUserId: (req) => req.headers["x-user"] as string | undefined });
    app.post("/webhooks/stripe", (req, res) => {
      track({ event: "completed_checkout", event_id: "evt_stripe_1", properties: { amount_cents: 4900 } });
      req.millimetric.track({ event: "via_req" });
      track({ event: "explicit", anonymous_id: "u_from_metadata" });
      res.json({
        anonymousId: req.millimetric.anonymousId ?? null,
        minted: req.millimetric.minted,
        locals: [res.locals.millimetric.anonymousId ?? null, res.locals.millimetric.minted, res.locals.millimetric.payload ?? null],
        script: res.locals.millimetric.script,
        cookie: req.headers.cookie ?? null,
      });
    });
    const url = await listen(app);
    const before = ingest.events.length;
    // What Stripe sends: JSON, its own Accept and User-Agent, no cookie, no Sec-Fetch-*.
    const stripe = {
      "content-type": "application/json; charset=utf-8",
      accept: "*/*; q=0.5, application/xml",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "x-user": "user_7",
    };
    const res = await request(`${url}/webhooks/stripe`, { method: "POST", headers: stripe, body: "{}" });
    expect(res.status).toBe(200);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(res.body)).toEqual({ anonymousId: null, minted: false, locals: [null, false, null], script: "", cookie: null });
    // An invalid aid cookie is no id either: still no visitor, no cookie, the header left as it came.
    const junk = await request(`${url}/webhooks/stripe`, { method: "POST", headers: { ...stripe, cookie: "aid=</script>" }, body: "{}" });
    expect(junk.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(junk.body)).toMatchObject({ anonymousId: null, minted: false, script: "", cookie: "aid=</script>" });
    await client.flush();
    const once = [
      { event: "completed_checkout", anonymous_id: undefined, user_id: "user_7" },
      { event: "via_req", anonymous_id: undefined, user_id: "user_7" },
      { event: "explicit", anonymous_id: "u_from_metadata", user_id: "user_7" },
    ];
    expect(ingest.events.slice(before).map(({ event, anonymous_id, user_id }) => ({ event, anonymous_id, user_id }))).toEqual([...once, ...once]);
  });

  it("a browser's first request is still minted (Sec-Fetch-Site, Sec-Fetch-Dest or text/html in Accept); a valid id is kept without any signal", async () => {
    const { app } = makeApp(express);
    app.get("/", (req, res) => res.json({ id: req.millimetric.anonymousId ?? null, minted: req.millimetric.minted }));
    const url = await listen(app);
    const signals: Array<Record<string, string>> = [{ "sec-fetch-site": "none" }, { "sec-fetch-dest": "document" }, { accept: "text/html,application/xhtml+xml;q=0.9" }];
    for (const headers of signals) {
      const res = await request(`${url}/`, { headers });
      const id = setCookieValue(res);
      expect(id).toMatch(ID);
      expect(JSON.parse(res.body)).toEqual({ id, minted: true });
    }
    const known = await request(`${url}/`, { headers: { cookie: "aid=u_known" } });
    expect(known.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(known.body)).toEqual({ id: "u_known", minted: false });
    const viaHeader = await request(`${url}/`, { headers: { "x-millimetric-anonymous-id": "u_forwarded" } });
    expect(JSON.parse(viaHeader.body)).toEqual({ id: "u_forwarded", minted: false });
    // Node's own HTTP client (a health check, a server-to-server call): no id.
    const bare = await request(`${url}/`);
    expect(bare.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(bare.body)).toEqual({ id: null, minted: false });
  });

  it("isVisitorRequest overrides the rule per request; one that throws costs the id, not the request", async () => {
    const { app } = makeApp(express, { isVisitorRequest: (req) => !req.url?.startsWith("/webhooks/") });
    app.get(["/native-app", "/webhooks/github"], (req, res) => res.json({ id: req.millimetric.anonymousId ?? null }));
    const url = await listen(app);
    const nativeApp = await request(`${url}/native-app`); // a mobile app's API call: no browser signal
    expect(JSON.parse(nativeApp.body).id).toMatch(ID);
    expect(setCookieValue(nativeApp)).toBe(JSON.parse(nativeApp.body).id);
    const hook = await request(`${url}/webhooks/github`, { headers: BROWSER });
    expect(hook.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(hook.body).id).toBeNull();

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const throwing = makeApp(express, {
      isVisitorRequest: () => {
        throw new Error("boom");
      },
    });
    throwing.app.get("/", (req, res) => res.json({ id: req.millimetric.anonymousId ?? null }));
    const url2 = await listen(throwing.app);
    const res = await request(`${url2}/`, { headers: BROWSER });
    log.mockRestore();
    expect(res.status).toBe(200);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(res.body).id).toBeNull();
  });

  it("identify() in a request without a visitor says why and what to pass (development), skips and logs once (production)", async () => {
    const { app, client } = makeApp(express);
    app.post("/webhooks/signup", (req, res) => {
      const outcome = (fn: () => string | undefined) => {
        try {
          return fn();
        } catch (err) {
          return `${(err as { code?: string }).code}: ${(err as Error).message}`;
        }
      };
      res.json([
        outcome(() => identify({ user_id: "user_3" })),
        outcome(() => req.millimetric.identify({ user_id: "user_3" })),
        outcome(() => identify({ user_id: "user_3", anonymous_id: "u_from_body" })),
      ]);
    });
    const url = await listen(app);
    const before = ingest.events.length;
    vi.stubEnv("NODE_ENV", "development");
    const [module, viaReq, explicit] = JSON.parse((await request(`${url}/webhooks/signup`, { method: "POST" })).body) as string[];
    for (const message of [module, viaReq]) {
      expect(message).toMatch(/^missing_context: \[millimetric\] identify\(\) needs an anonymous_id, and this request has none/);
      expect(message).toMatch(/Pass anonymous_id yourself, or choose which requests count as visitors with millimetric\(\{ isVisitorRequest \}\)/);
    }
    expect(explicit).toMatch(/^[0-9a-f]{32}$/);
    vi.stubEnv("NODE_ENV", "production");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const prod = JSON.parse((await request(`${url}/webhooks/signup`, { method: "POST" })).body) as string[];
    log.mockRestore();
    expect(prod.slice(0, 2)).toEqual([null, null]); // undefined: nothing was queued (JSON writes null);
    await client.flush();
    expect(ingest.events.slice(before).map((e) => [e.event, e.anonymous_id, e.user_id])).toEqual([
      ["$identify", "u_from_body", "user_3"],
      ["$identify", "u_from_body", "user_3"],
    ]);
  });

  /**
   * Request A chains work onto a shared promise that later emits on a shared bus; request B
   * registered the listener. The listener runs in A's call chain, after A has finished.
   */
  async function sharedEmitter(nodeEnv: string) {
    vi.stubEnv("NODE_ENV", nodeEnv);
    const { app, client } = makeApp(express);
    const bus = new EventEmitter();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let resA: { destroyed: boolean; once(event: "close", fn: () => void): unknown } | undefined;
    let calls = 0;
    let ranTwice!: () => void;
    const ran = new Promise<void>((resolve) => (ranTwice = resolve));
    app.get("/a", (_req, res) => {
      resA = res;
      void gate.then(() => {
        bus.emit("paid");
        bus.emit("paid");
      });
      res.send("a");
    });
    app.get("/b", (req, res) => {
      bus.on("paid", () => {
        req.millimetric.track({ event: "paid_fixed" }); // the README's fix: B's ids, explicitly
        track({ event: "paid" }); // takes the ids of the context it runs in: A's
        if (++calls === 2) ranTwice();
      });
      res.send("b");
    });
    const url = await listen(app);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const before = ingest.events.length;
    await request(`${url}/a`, { headers: { cookie: "aid=u_request_a" } });
    await request(`${url}/b`, { headers: { cookie: "aid=u_request_b" } });
    if (!resA!.destroyed) await new Promise<void>((resolve) => resA!.once("close", resolve));
    release();
    await ran;
    await client.flush();
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    return { warnings, events: ingest.events.slice(before).map((e) => [e.event, e.anonymous_id]) };
  }
  const misattributed = [
    ["paid_fixed", "u_request_b"],
    ["paid", "u_request_a"],
    ["paid_fixed", "u_request_b"],
    ["paid", "u_request_a"],
  ];

  it("a callback registered in one request and run from another's finished context warns once in development, naming req.millimetric.track", async () => {
    const { warnings, events } = await sharedEmitter("development");
    expect(events).toEqual(misattributed);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[millimetric\] track\(\) ran in the context of a request that has already finished/);
    expect(warnings[0]).toMatch(/AsyncLocalStorage follows the call chain a callback was scheduled from, not where it was registered/);
    expect(warnings[0]).toMatch(/Call req\.millimetric\.track\(\) with the request the event belongs to/);
  });

  it("the same in production: no warning", async () => {
    const { warnings, events } = await sharedEmitter("production");
    expect(events).toEqual(misattributed);
    expect(warnings).toEqual([]);
  });

  it("track() in the request's own chain right after res.send() does not warn", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const { app, client } = makeApp(express);
    app.get("/", (_req, res) => {
      res.send("ok");
      track({ event: "after_send" });
      res.on("finish", () => track({ event: "on_finish" }));
    });
    const url = await listen(app);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const before = ingest.events.length;
    await request(`${url}/`, { headers: { cookie: "aid=u_own_chain" } });
    await client.flush();
    const warnings = warn.mock.calls.length;
    warn.mockRestore();
    expect(ingest.events.slice(before).map((e) => [e.event, e.anonymous_id])).toContainEqual(["after_send", "u_own_chain"]);
    expect(warnings).toBe(0);
  });

  it("app.use(millimetric) without the call fails the first request at once with the fix", async () => {
    const app = express();
    app.use(millimetric as unknown as () => void);
    app.get("/", (_req, res) => res.send("never reached"));
    app.use((err: Error & { code?: string }, _req: unknown, res: { status(n: number): { json(v: unknown): void } }, _next: unknown) => {
      res.status(500).json({
        name: err.name,
        code: err.code,
        isTypeError: err instanceof TypeError,
        isMillimetricError: err instanceof MillimetricError,
        message: err.message,
      });
    });
    const url = await listen(app);
    const res = await request(`${url}/`, { headers: BROWSER });
    expect(res.status).toBe(500);
    // A MillimetricTypeError: still a TypeError (what it was before codes), coded invalid_argument.
    expect(JSON.parse(res.body)).toEqual({
      name: "MillimetricError",
      code: "invalid_argument",
      isTypeError: true,
      isMillimetricError: true,
      message: expect.stringMatching(/^\[millimetric\] millimetric was mounted itself.*Write app\.use\(millimetric\(\)\)/),
    });
  });

  it("2 000 concurrent requests with distinct cookies and random delays: the real ingest stores each event under its own request's id", async () => {
    const real: IngestServer = await startIngest({ port: 0, rateLimits: false, dbPath: join(mkdtempSync(join(tmpdir(), "mm-express-ingest-")), "events.sqlite") });
    const client = new MillimetricClient({ key: real.keys.secret, host: real.url, flushAt: 500, flushIntervalMs: 50, pacing: false });
    const app = express();
    app.use(millimetric({ client }));
    app.use(express.json());
    const handler = async (req: any, res: any) => {
      await sleep(Math.random() * 20);
      const n = req.method === "POST" ? req.body.n : req.query.n;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (Number(n) % 3 === 0) {
        // a callback-style path
        setTimeout(() => {
          track({ event: "hit", properties: { n: Number(n) } });
          res.send("ok");
        }, Math.random() * 5);
        return;
      }
      await Promise.resolve().then(() => sleep(Math.random() * 5));
      track({ event: "hit", properties: { n: Number(n) } });
      res.send("ok");
    };
    app.get("/hit", handler);
    app.post("/hit", handler);
    const url = await listen(app);
    const N = 2000;
    const aid = (n: number) => `u_req${n}`;
    const responses = await Promise.all(
      Array.from({ length: N }, (_, n) =>
        n % 2
          ? request(`${url}/hit?n=${n}`, { headers: { cookie: `aid=${aid(n)}` } })
          : request(`${url}/hit`, {
              method: "POST",
              headers: { cookie: `aid=${aid(n)}`, "content-type": "application/json" },
              body: JSON.stringify({ n }),
            }),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await client.flush();
    // Ask the ingest for each visitor's events: exactly its own request's one.
    const wrong: Array<{ n: number; got: unknown }> = [];
    for (let start = 0; start < N; start += 100) {
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const n = start + i;
          const res = await request(`${real.url}/v1/query?anonymous_id=${aid(n)}&limit=10`, { headers: { authorization: `Bearer ${real.keys.read}` } });
          const { events } = JSON.parse(res.body) as { events: Array<{ event: string; properties: { n: number } }> };
          const got = events.map((e) => [e.event, e.properties.n]);
          if (got.length !== 1 || got[0]![0] !== "hit" || got[0]![1] !== n) wrong.push({ n, got });
        }),
      );
    }
    await real.close();
    expect(wrong).toEqual([]);
  }, 60_000);
});

describe("outside a request", () => {
  it("track() and identify() without ids throw in development, naming the fix", () => {
    vi.stubEnv("NODE_ENV", "development");
    millimetric({ key: KEY, host: "http://127.0.0.1:9" });
    expect(() => track({ event: "orphan" })).toThrow(/add app\.use\(millimetric\(\)\)/i);
    expect(() => track({ event: "orphan" })).toThrow(expect.objectContaining({ code: "missing_context" }));
    expect(() => identify({ user_id: "u" })).toThrow(/outside a request handled by the Millimetric middleware/);
  });

  it("in production they log once and track() still sends", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const client = new MillimetricClient({ key: KEY, host: ingest.url, pacing: false });
    millimetric({ client });
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const before = ingest.events.length;
    expect(track({ event: "orphan_1" })).toMatch(/^[0-9a-f]{32}$/);
    track({ event: "orphan_2" });
    expect(identify({ user_id: "user_1" })).toBeUndefined();
    await client.flush();
    expect(ingest.events.slice(before).map((e) => e.event)).toEqual(["orphan_1", "orphan_2"]);
    expect(log.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/^\[millimetric\] track\(\) was called outside a request/),
      expect.stringMatching(/^\[millimetric\] identify\(\) was called outside a request/),
    ]);
    log.mockRestore();
  });

  it("with explicit ids there is no complaint", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const client = new MillimetricClient({ key: KEY, host: ingest.url, pacing: false });
    millimetric({ client });
    const before = ingest.events.length;
    track({ event: "webhook", user_id: "user_5" });
    identify({ user_id: "user_5", anonymous_id: "u_5" });
    await client.flush();
    expect(ingest.events.slice(before).map((e) => [e.event, e.anonymous_id, e.user_id])).toEqual([
      ["webhook", undefined, "user_5"],
      ["$identify", "u_5", "user_5"],
    ]);
  });
});

describe("without a key", () => {
  it("serves, and track() says what to set", async () => {
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "");
    vi.stubEnv("NODE_ENV", "development");
    const app = express5();
    app.use(millimetric());
    app.get("/", (req, res) => res.send(req.millimetric.anonymousId));
    app.get("/track", (_req, res) => {
      try {
        track({ event: "x" });
        res.send("sent");
      } catch (err) {
        res.status(500).send((err as Error).message);
      }
    });
    const url = await listen(app);
    expect((await request(`${url}/`, { headers: BROWSER })).body).toMatch(ID);
    const failed = await request(`${url}/track`);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatch(/^\[millimetric\] no API key: set MILLIMETRIC_SECRET_KEY/);
  });
});

// Last in this file: shutdown() stops every client the package created in this process.
describe.each([
  ["Express 4", express4 as unknown as Express],
  ["Express 5", express5],
])("shutdown() (%s)", (_name, express) => {
  it("stops the clients the middlewares created, and flushes but leaves running one passed as { client }", async () => {
    const queued = { key: KEY, host: ingest.url, flushAt: 500, flushIntervalMs: 600_000, pacing: false as const };
    const given = new MillimetricClient(queued);
    const apps = { given: express(), own: express() };
    apps.given.use(millimetric({ client: given }));
    apps.own.use(millimetric(queued));
    for (const [name, app] of Object.entries(apps)) app.get("/", (req, res) => res.send(track({ event: `${name}_${String(req.query.round)}` })));
    const urls = { given: await listen(apps.given), own: await listen(apps.own) };
    const before = ingest.events.length;
    await request(`${urls.given}/?round=1`, { headers: { cookie: "aid=u_given" } });
    await request(`${urls.own}/?round=1`, { headers: { cookie: "aid=u_own" } });
    await shutdown();
    expect(ingest.events.slice(before).map((e) => e.event).sort()).toEqual(["given_1", "own_1"]);

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await request(`${urls.given}/?round=2`, { headers: { cookie: "aid=u_given" } });
    await request(`${urls.own}/?round=2`, { headers: { cookie: "aid=u_own" } });
    await given.flush();
    const errors = log.mock.calls.map((c) => String(c[0]));
    log.mockRestore();
    expect(ingest.events.slice(before).map((e) => e.event).sort()).toEqual(["given_1", "given_2", "own_1"]);
    expect(errors).toEqual([expect.stringMatching(/^\[millimetric\] track\(\) after shutdown\(\): the event was dropped/)]);
  });
});
