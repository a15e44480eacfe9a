// The Host rule: the local server answers only requests addressed to a loopback name
// or address, or to a name in allowedHosts. Without it a page on attacker.example whose
// DNS rebinds to 127.0.0.1 reads every stored event with fetch("/?partial=1").
import { connect } from "node:net";
import { request } from "node:http";
import { join } from "node:path";
import { MillimetricError } from "@millimetric/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startIngest } from "./index";
import { KEYS, ORIGIN, startTestIngest, type TestIngest } from "../test/startTestIngest";

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to `url` with exactly the Host header given (`null`: none), which fetch cannot do. */
function send(
  url: string,
  path: string,
  host: string | null,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Sent> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port: Number(port),
        path,
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        setHost: false,
        headers: { ...init.headers, ...(host === null ? {} : { host }) },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A raw HTTP/1.0 exchange (no Host header needed by that version). */
function sendHttp10(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head + "\r\n"));
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (c: string) => (data += c));
    socket.on("close", () => resolve(data));
    socket.on("error", reject);
  });
}

function expectHostRefused(res: Sent, host: string | null): Record<string, unknown> {
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 421 });
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as { error: string; details: Record<string, unknown> };
  expect(body.error).toBe("host_not_allowed");
  expect(body.details.host).toBe(host);
  expect(body.details.message).toMatch(/^\[millimetric\] .*allowedHosts/);
  return body.details;
}

let t: TestIngest;
let port: string;
beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
  port = new URL(t.url).port;
  const res = await t.track({
    event: "signup",
    anonymous_id: "u_rebind_victim",
    user_id: "rebind_victim_42",
    properties: { email: "victim@shop.example" },
  });
  expect(res.status).toBe(202);
});
afterEach(async () => {
  await t.expectAlive();
});
afterAll(async () => {
  await t.close();
});

describe("the Host rule (DNS rebinding)", () => {
  it("refuses the events page, its live body and every API route for a Host that is not loopback: 421 host_not_allowed", async () => {
    const attacker = `attacker.example:${port}`;
    const requests: [string, Parameters<typeof send>[3]][] = [
      ["/", {}],
      ["/?partial=1", {}],
      ["/v1/query", { headers: { authorization: `Bearer ${KEYS.read}` } }],
      ["/v1/query?user_id=rebind_victim_42", { headers: { authorization: `Bearer ${KEYS.secret}` } }],
      ["/v1/track", { headers: { authorization: `Bearer ${KEYS.secret}` }, body: '{"event":"via_rebind","anonymous_id":"u_rebound"}' }],
      ["/v1/batch", { headers: { authorization: `Bearer ${KEYS.publishable}`, origin: `http://${attacker}` }, body: '{"events":[{"event":"via_rebind","anonymous_id":"u_rebound"}]}' }],
      ["/v1/batch", { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "POST" } }],
      ["/v1/a.js", {}],
      ["/nope", {}],
    ];
    for (const [path, init] of requests) {
      const res = await send(t.url, path, attacker, init);
      const details = expectHostRefused(res, attacker);
      expect(details.allowed_hosts).toEqual([]);
      expect(res.body).not.toContain("rebind_victim_42");
      expect(res.body).not.toContain("victim@shop.example");
      expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    }
    // nothing was written through the refused requests
    expect(await t.query({ anonymous_id: "u_rebound" })).toEqual([]);
  });

  it("refuses names and addresses that only look like loopback", async () => {
    for (const host of [
      "attacker.example",
      "localhost.attacker.example",
      "127.0.0.1.attacker.example",
      `localhost.:${port}`,
      "128.0.0.1",
      "127.0.0.256",
      "127.1",
      "[::2]",
      "[::ffff:7f00:1]",
      "0.0.0.0",
      `127.0.0.1:${port}@attacker.example`,
      "localhost:notaport",
      "",
    ]) {
      expectHostRefused(await send(t.url, "/?partial=1", host), host);
    }
  });

  it("answers every loopback name and address, with or without a port, in any case", async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      "127.0.0.1",
      `127.45.6.200:${port}`,
      `localhost:${port}`,
      "localhost",
      `LOCALHOST:${port}`,
      `app.localhost:${port}`,
      `a.b.localhost`,
      `[::1]:${port}`,
      "[::1]",
    ]) {
      const page = await send(t.url, "/?partial=1", host);
      expect({ host, status: page.status }).toEqual({ host, status: 200 });
      expect(page.body).toContain("rebind_victim_42");
      const query = await send(t.url, "/v1/query?anonymous_id=u_rebind_victim", host, { headers: { authorization: `Bearer ${KEYS.read}` } });
      expect(query.status).toBe(200);
    }
  });

  it("refuses a request without a Host header (HTTP/1.0), answers one with a loopback Host", async () => {
    const bare = await sendHttp10(t.url, "GET /?partial=1 HTTP/1.0\r\n");
    expect(bare).toMatch(/^HTTP\/1\.1 421 /);
    expect(bare).toContain('"error":"host_not_allowed"');
    expect(bare).toContain('"host":null');
    expect(bare).not.toContain("rebind_victim_42");
    const api = await sendHttp10(t.url, `GET /v1/query HTTP/1.0\r\nAuthorization: Bearer ${KEYS.read}\r\n`);
    expect(api).toMatch(/^HTTP\/1\.1 421 /);
    const addressed = await sendHttp10(t.url, `GET /?partial=1 HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\n`);
    expect(addressed).toMatch(/^HTTP\/1\.1 200 /);
    expect(addressed).toContain("rebind_victim_42");
  });
});

describe("allowedHosts", () => {
  it("answers the names it lists (any port, or the one given) and still every loopback name", async () => {
    const allowed = await startTestIngest({ allowedHosts: ["devbox.lan", "Tunnel.example:443", "[fd00::5]"] });
    try {
      const ok = async (host: string) => (await send(allowed.url, "/?partial=1", host)).status;
      expect(await ok("devbox.lan")).toBe(200);
      expect(await ok(`DEVBOX.LAN:${port}`)).toBe(200);
      expect(await ok("tunnel.example:443")).toBe(200);
      expect(await ok("[fd00::5]:8787")).toBe(200);
      expect(await ok(`localhost:${port}`)).toBe(200);
      for (const host of ["tunnel.example", "tunnel.example:8443", "sub.devbox.lan", "devbox.lan.attacker.example"]) {
        const details = expectHostRefused(await send(allowed.url, "/?partial=1", host), host);
        expect(details.allowed_hosts).toEqual(["devbox.lan", "Tunnel.example:443", "[fd00::5]"]);
      }
    } finally {
      await allowed.close();
    }
  });

  it('"*" turns the rule off (every Host is answered)', async () => {
    const open = await startTestIngest({ allowedHosts: ["*"] });
    try {
      expect((await send(open.url, "/?partial=1", "attacker.example")).status).toBe(200);
      expect((await sendHttp10(open.url, "GET /?partial=1 HTTP/1.0\r\n"))).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      await open.close();
    }
  });

  it("reads env MILLIMETRIC_INGEST_ALLOWED_HOSTS (comma-separated); the option wins over it", async () => {
    const env = { MILLIMETRIC_INGEST_ALLOWED_HOSTS: " devbox.lan , ci-runner:8787 " };
    const fromEnv = await startTestIngest({ env });
    try {
      expect((await send(fromEnv.url, "/", "devbox.lan")).status).toBe(200);
      expect((await send(fromEnv.url, "/", "ci-runner:8787")).status).toBe(200);
      expectHostRefused(await send(fromEnv.url, "/", "other.lan"), "other.lan");
    } finally {
      await fromEnv.close();
    }
    const fromOption = await startTestIngest({ env, allowedHosts: ["other.lan"] });
    try {
      expect((await send(fromOption.url, "/", "other.lan")).status).toBe(200);
      expectHostRefused(await send(fromOption.url, "/", "devbox.lan"), "devbox.lan");
    } finally {
      await fromOption.close();
    }
  });

  it("refuses an entry that is not a host name (a URL, a path), saying what to write", async () => {
    for (const bad of ["http://devbox.lan", "devbox.lan/", "*.devbox.lan", "devbox.lan:99999", ""]) {
      const started = startIngest({ port: 0, host: "127.0.0.1", env: {}, dbPath: join(t.dir, "bad-hosts.sqlite"), allowedHosts: [bad] });
      await expect(started).rejects.toThrow(/^\[millimetric\] allowedHosts: .*"devbox\.lan:8787"/);
      await expect(started).rejects.toSatisfy((err) => err instanceof MillimetricError && err instanceof TypeError && err.code === "invalid_config");
    }
  });
});
