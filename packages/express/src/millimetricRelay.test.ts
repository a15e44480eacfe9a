import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startIngest, type IngestServer } from "@millimetric/ingest";
import express from "express";
import express4 from "express4";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { millimetricRelay } from "./index";

const KEYS = {
  publishable: "pk_test_1a2b3c4d_publishablepublishable0001",
  secret: "sk_test_5e6f7a8b_secretsecretsecretsecret0001",
  read: "rk_test_9c0d1e2f_readreadreadreadreadread0001",
};
const CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

/** What the ingest's socket received, for the requests the relay made (the "no cookie upstream" proof). */
const upstreamHeaders: IncomingMessage["headers"][] = [];
let ingest: IngestServer;
let appServer: Server;
let appOrigin: string;
/** A sink between the relay and the ingest: records each request's headers, then proxies it byte for byte. */
let sink: Server;
let sinkUrl: string;

/** Listens on 127.0.0.1, port 0, and returns the base URL. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // The app's origin first: it is the only origin the ingest will allow for the pk_ key.
  appServer = createServer();
  appOrigin = await listen(appServer);
  ingest = await startIngest({
    port: 0,
    host: "127.0.0.1",
    dbPath: ":memory:",
    env: {},
    keys: KEYS,
    allowedOrigins: [appOrigin],
    // Small enough to exhaust in a test, refilling slowly enough that Retry-After is seconds.
    rateLimits: { track: { ratePerSecond: 0.2, burst: 3 }, batch: false },
    onError: () => {},
  });
  sink = createServer((req, res) => {
    upstreamHeaders.push(req.headers);
    const target = new URL(req.url!, ingest.url);
    const forward = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  sinkUrl = await listen(sink);

  const app = express();
  app.set("trust proxy", "loopback");
  app.use("/_mm", millimetricRelay({ host: sinkUrl }));
  // Behind a JSON parser, mounted without a path of its own.
  app.use("/parsed", express.json({ limit: "2mb" }), millimetricRelay({ host: sinkUrl }));
  app.get("/", (_req, res) => res.send("<!doctype html><p>shop</p>"));
  appServer.on("request", app);
});

afterAll(async () => {
  await new Promise((ok) => appServer.close(ok));
  await new Promise((ok) => sink.close(ok));
  await ingest.close();
});

/** What the browser's SDK sends from a page of the app: its Origin, its UA, the page's cookies. */
function fromPage(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(appOrigin + path, {
    method: "POST",
    headers: {
      authorization: `Bearer ${KEYS.publishable}`,
      "content-type": "application/json",
      origin: appOrigin,
      "user-agent": CHROME_UA,
      cookie: "aid=u_relay_cookie; session=s3cr3t",
      ...headers,
    },
    body,
  });
}

async function stored(anonymousId: string) {
  const res = await fetch(`${ingest.url}/v1/query?anonymous_id=${anonymousId}`, { headers: { authorization: `Bearer ${KEYS.read}` } });
  return ((await res.json()) as { events: Record<string, unknown>[] }).events;
}

const batch = (anonymousId: string, n = 1) =>
  JSON.stringify({ events: Array.from({ length: n }, (_, i) => ({ event: "$pageview", anonymous_id: anonymousId, url: `${appOrigin}/p${i}` })) });

describe("millimetricRelay() against the real ingest", () => {
  it("delivers a page's batch (the app's origin is the only one allowed) with the visitor's User-Agent and IP", async () => {
    upstreamHeaders.length = 0;
    // The visitor arrived through a proxy on loopback that reported its address.
    const res = await fromPage("/_mm/v1/batch", batch("u_relay_1", 2), { "x-forwarded-for": "203.0.113.9" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true, count: 2 });
    const rows = await stored("u_relay_1");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ source: "browser", ip: "203.0.113.9" });
    // The ingest derived the device facts from the visitor's User-Agent, not the relay's.
    expect(upstreamHeaders[0]!["user-agent"]).toBe(CHROME_UA);
  });

  it("sends no Cookie and no other header upstream, and no Set-Cookie back", async () => {
    upstreamHeaders.length = 0;
    const res = await fromPage("/_mm/v1/batch", batch("u_relay_2"), { "x-secret-header": "private" });
    expect(res.status).toBe(202);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(upstreamHeaders).toHaveLength(1);
    const seen = upstreamHeaders[0]!;
    expect(seen.cookie).toBeUndefined();
    expect(seen["x-secret-header"]).toBeUndefined();
    // The relay's own transport headers aside, exactly the forwarded ones.
    const forwarded = Object.keys(seen).filter((h) => !["host", "connection", "content-length", "accept", "accept-language", "accept-encoding", "sec-fetch-mode"].includes(h));
    expect(forwarded.sort()).toEqual(["authorization", "content-type", "origin", "user-agent", "x-forwarded-for"]);
    // Without a proxy in front, req.ip is the socket's address (trust proxy: loopback).
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("passes the ingest's origin refusal through: the relay adds no trust of its own", async () => {
    const res = await fromPage("/_mm/v1/batch", batch("u_relay_evil"), { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBe("origin_not_allowed");
    expect(await stored("u_relay_evil")).toEqual([]);
  });

  it("refuses a 2 MB body with 413, and the ingest sees nothing", async () => {
    upstreamHeaders.length = 0;
    const huge = JSON.stringify({ events: [{ event: "$pageview", anonymous_id: "u_relay_huge", properties: { pad: "x".repeat(2 * 1024 * 1024) } }] });
    const declared = await fromPage("/_mm/v1/batch", huge);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toBe("invalid_payload");
    // Chunked, with no Content-Length: counted while reading.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${appOrigin}/_mm/v1/batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${KEYS.publishable}`, origin: appOrigin, "content-type": "application/json", "transfer-encoding": "chunked" },
      }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      for (let i = 0; i < 32; i++) req.write(huge.slice(i * 65536, (i + 1) * 65536));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(upstreamHeaders).toEqual([]);
    expect(await stored("u_relay_huge")).toEqual([]);
  });

  it("refuses a secret key with 403 and never forwards it", async () => {
    upstreamHeaders.length = 0;
    const res = await fromPage("/_mm/v1/track", JSON.stringify({ event: "x", anonymous_id: "u_relay_sk" }), { authorization: `Bearer ${KEYS.secret}` });
    expect(res.status).toBe(403);
    expect(upstreamHeaders).toEqual([]);
  });

  it("passes 429 and Retry-After from the ingest's rate limit through to the browser", async () => {
    const answers: Response[] = [];
    for (let i = 0; i < 5; i++) answers.push(await fromPage("/_mm/v1/track", JSON.stringify({ event: "tick", anonymous_id: "u_relay_429" })));
    const limited = answers.find((r) => r.status === 429);
    expect(answers.slice(0, 3).map((r) => r.status)).toEqual([202, 202, 202]);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await limited!.json()) as { error: string }).toMatchObject({ error: "rate_limited" });
  });

  it("answers 404 for other routes under the mount, 405 for other methods, 502 when the ingest is down", async () => {
    expect((await fromPage("/_mm/v1/forget", "{}")).status).toBe(404);
    expect((await fetch(`${appOrigin}/_mm/v1/batch`)).status).toBe(405);
    const down = express4();
    down.use("/_mm", millimetricRelay({ host: "http://127.0.0.1:1" }));
    const server = createServer(down);
    const url = await listen(server);
    try {
      const res = await fetch(`${url}/_mm/v1/batch`, { method: "POST", headers: { authorization: `Bearer ${KEYS.publishable}` }, body: batch("u_down") });
      expect(res.status).toBe(502);
      const text = await res.text();
      expect((JSON.parse(text) as { error: string }).error).toBe("upstream_failed");
      // The app's internal ingest address stays on the server.
      expect(text).not.toContain("127.0.0.1:1");
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it("answers 405 with Allow: POST for every other method, TRACE and CONNECT included, at every mount: never a 500, never a stack trace", async () => {
    upstreamHeaders.length = 0;
    const send = (method: string, path: string) =>
      new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
        const req = httpRequest(`${appOrigin}${path}`, { method, headers: { authorization: `Bearer ${KEYS.publishable}`, origin: appOrigin } }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
        });
        req.on("error", reject);
        req.end();
      });
    for (const path of ["/_mm/v1/batch", "/_mm/v1/track", "/parsed/v1/batch"]) {
      for (const method of ["TRACE", "OPTIONS", "GET", "PUT", "DELETE", "PATCH", "PROPFIND", "QUERY"]) {
        const res = await send(method, path);
        expect({ method, path, status: res.status, allow: res.allow }).toEqual({ method, path, status: 405, allow: "POST" });
        expect(JSON.parse(res.body)).toMatchObject({ error: "method_not_allowed" });
        expect(res.body).not.toMatch(/TypeError|\bat .*\.(js|ts):\d+/);
      }
      const head = await send("HEAD", path);
      expect([head.status, head.allow]).toEqual([405, "POST"]);
    }
    // CONNECT and TRACK never reach Express over HTTP (Node hands CONNECT to a "connect"
    // listener, its parser refuses TRACK), but the middleware, called with one (another
    // server, a test), answers 405 the same way instead of failing.
    for (const method of ["CONNECT", "TRACK"]) {
      const written: { status?: number; headers: Record<string, unknown>; body?: string } = { headers: {} };
      const next = vi.fn();
      await new Promise<void>((done) => {
        const res = {
          headersSent: false,
          set statusCode(v: number) {
            written.status = v;
          },
          setHeader: (name: string, value: unknown) => void (written.headers[name.toLowerCase()] = value),
          end: (body: Buffer) => {
            written.body = String(body);
            done();
          },
        };
        millimetricRelay({ host: sinkUrl })({ method, url: "/v1/batch", headers: {}, complete: true, socket: {} } as never, res as never, next);
      });
      expect(next, method).not.toHaveBeenCalled();
      expect([method, written.status, written.headers.allow]).toEqual([method, 405, "POST"]);
      expect(JSON.parse(written.body!)).toMatchObject({ error: "method_not_allowed" });
    }
    expect(upstreamHeaders).toEqual([]);
  });

  it("behind express.json(), forwards the parsed batch serialised again", async () => {
    const res = await fromPage("/parsed/v1/batch", batch("u_relay_parsed", 3));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true, count: 3 });
    expect(await stored("u_relay_parsed")).toHaveLength(3);
  });

  it("with a path option, handles its path and leaves every other request to the app", async () => {
    const app = express4();
    app.use(millimetricRelay({ path: "/_mm", host: sinkUrl }));
    app.get("/pricing", (_req, res) => res.send("pricing"));
    const server = createServer(app);
    const url = await listen(server);
    try {
      expect(await (await fetch(`${url}/pricing`)).text()).toBe("pricing");
      // Express 4 too; the ingest refuses this origin (not the app's), which proves the request went through.
      const res = await fetch(`${url}/_mm/v1/batch`, { method: "POST", headers: { authorization: `Bearer ${KEYS.publishable}`, origin: url, "content-type": "application/json" }, body: batch("u_e4") });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { details: { origin: string } }).details.origin).toBe(url);
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it("throws the fix when mounted without the call, or with a path that is not one", () => {
    expect(() => millimetricRelay({ path: "_mm" })).toThrow(/^\[millimetric\] millimetricRelay\(\{ path \}\) must be an absolute path/);
    const mounted = millimetricRelay as unknown as (req: unknown, res: unknown) => void;
    expect(() => mounted({ method: "GET", headers: {} }, { setHeader() {} })).toThrow(/millimetricRelay was mounted itself/);
  });
});
