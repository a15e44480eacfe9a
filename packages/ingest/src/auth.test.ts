import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectError, KEYS, ORIGIN, startTestIngest, type TestIngest } from "../test/startTestIngest";

let t: TestIngest;
beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
});
afterEach(async () => {
  await t.expectAlive();
});
afterAll(async () => {
  await t.close();
});

const event = { event: "auth_probe", anonymous_id: "u_auth" };

describe("keys", () => {
  it("401 missing_bearer_token without a key or with another scheme", async () => {
    await expectError(await t.call("/v1/track", { key: null, body: event }), 401, "missing_bearer_token");
    await expectError(
      await t.call("/v1/track", { key: null, body: event, headers: { authorization: `Basic ${btoa("a:b")}` } }),
      401,
      "missing_bearer_token",
    );
    await expectError(await t.call("/v1/track", { key: null, body: event, headers: { authorization: "Bearer " } }), 401, "missing_bearer_token");
    await expectError(await t.call("/v1/query", { key: null }), 401, "missing_bearer_token");
  });

  it("401 malformed_api_key for a key of the wrong shape", async () => {
    for (const key of ["hunter2", "pk_test_short_x", "xk_test_1a2b3c4d_aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "pk_test_1a2b3c4d_short"]) {
      const body = await expectError(await t.call("/v1/track", { key, body: event }), 401, "malformed_api_key");
      expect(body.details.message).toMatch(/\{kind\}_\{env\}_\{prefix\}_\{secret\}/);
    }
  });

  it("401 invalid_api_key for a well-formed key this server does not know; the secret is never echoed", async () => {
    const key = "sk_live_00000000_thisisnotthesecretyoulookfor00";
    const res = await t.call("/v1/track", { key, body: event });
    const text = await res.clone().text();
    expect(text).not.toContain("thisisnotthesecret");
    const body = await expectError(res, 401, "invalid_api_key");
    expect(body.details.key).toBe("sk_live_00000000");
    await expectError(await t.call("/v1/query", { key: "ak_test_00000000_accountaccountaccountaccount" }), 401, "invalid_api_key");
  });

  it("403 insufficient_scope: rk_ cannot write, pk_ cannot read", async () => {
    for (const path of ["/v1/track", "/v1/batch", "/v1/identify"]) {
      await expectError(await t.call(path, { key: KEYS.read, body: { events: [event], ...event } }), 403, "insufficient_scope");
    }
    await expectError(await t.call("/v1/query", { key: KEYS.publishable, origin: ORIGIN }), 403, "insufficient_scope");
    expect(await t.query({ event: "auth_probe" })).toEqual([]);
  });

  it("reads with the rk_ key and, for convenience, the sk_ key", async () => {
    expect((await t.call("/v1/query", { key: KEYS.read })).status).toBe(200);
    expect((await t.call("/v1/query", { key: KEYS.secret })).status).toBe(200);
  });
});

describe("Origin rules and CORS", () => {
  it("a pk_ key needs an allowed Origin: none (a server) or another site is 403 origin_not_allowed", async () => {
    const none = await expectError(await t.call("/v1/track", { key: KEYS.publishable, body: event }), 403, "origin_not_allowed");
    expect(none.details.message).toMatch(/sk_ key/);
    const evil = await expectError(
      await t.call("/v1/track", { key: KEYS.publishable, origin: "http://localhost.evil.com", body: event }),
      403,
      "origin_not_allowed",
    );
    expect(evil.details.allowed_origins).toEqual(["http://localhost:*", "http://127.0.0.1:*"]);
    await expectError(await t.call("/v1/track", { key: KEYS.publishable, origin: "null", body: event }), 403, "origin_not_allowed");
    expect(await t.query({ event: "auth_probe" })).toEqual([]);
  });

  it("accepts a pk_ key from localhost and 127.0.0.1 on any port, answering with CORS headers; source is browser", async () => {
    for (const origin of [ORIGIN, "http://127.0.0.1:3000", "http://localhost"]) {
      const res = await t.call("/v1/track", {
        key: KEYS.publishable,
        origin,
        body: { event: "from_browser", anonymous_id: "u_cors" },
        headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36" },
      });
      expect(res.status).toBe(202);
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("vary")).toMatch(/Origin/);
    }
    const rows = await t.query({ anonymous_id: "u_cors" });
    expect(rows.map((r) => r.source)).toEqual(["browser", "browser", "browser"]);
  });

  it("an sk_ key needs no Origin, and an error still carries CORS headers for an allowed origin", async () => {
    expect((await t.call("/v1/track", { body: event })).status).toBe(202);
    const res = await t.call("/v1/track", { key: KEYS.publishable, origin: ORIGIN, raw: "{" });
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    await expectError(res, 400, "invalid_payload");
  });

  it("answers the preflight for an allowed origin (Authorization allowed) and refuses another", async () => {
    const ok = await t.call("/v1/batch", {
      method: "OPTIONS",
      key: null,
      origin: ORIGIN,
      headers: { "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(ok.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(ok.headers.get("access-control-max-age")).toBe("600");
    const bad = await t.call("/v1/track", { method: "OPTIONS", key: null, origin: "https://evil.example" });
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
    await expectError(bad, 403, "origin_not_allowed");
  });

  it("honours custom allowedOrigins (wildcard label, exact origin)", async () => {
    const custom = await startTestIngest({ allowedOrigins: ["https://*.shop.example", "https://app.example"] });
    try {
      const send = (origin: string) => custom.call("/v1/track", { key: KEYS.publishable, origin, body: event });
      expect((await send("https://eu.shop.example")).status).toBe(202);
      expect((await send("https://app.example")).status).toBe(202);
      await expectError(await send("https://app.example.evil"), 403, "origin_not_allowed");
      await expectError(await send("https://a.b.shop.example"), 403, "origin_not_allowed");
      await expectError(await send(ORIGIN), 403, "origin_not_allowed");
    } finally {
      await custom.close();
    }
  });
});

describe("the page-exit request (key in the query, text/plain body)", () => {
  const beacon = (key: string, origin?: string, path = "/v1/batch") =>
    t.call(`${path}?key=${encodeURIComponent(key)}`, {
      key: null,
      origin,
      raw: JSON.stringify({ events: [{ event: "$pageview", anonymous_id: "u_beacon", event_id: `exit_${path}` }] }),
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });

  it("accepts a pk_ key from an allowed origin", async () => {
    const res = await beacon(KEYS.publishable, ORIGIN);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true, count: 1 });
    expect(await t.query({ anonymous_id: "u_beacon" })).toEqual([expect.objectContaining({ event: "$pageview", source: "browser" })]);
  });

  it("still checks the Origin, and takes no other key kind there", async () => {
    await expectError(await beacon(KEYS.publishable), 403, "origin_not_allowed");
    await expectError(await beacon(KEYS.publishable, "https://evil.example"), 403, "origin_not_allowed");
    const sk = await expectError(await beacon(KEYS.secret, ORIGIN), 403, "insufficient_scope");
    expect(sk.details.message).toMatch(/only a pk_ key/);
    await expectError(await beacon("garbage", ORIGIN), 401, "malformed_api_key");
    await expectError(await beacon("pk_test_00000000_notourkeynotourkeynotourkey", ORIGIN), 401, "invalid_api_key");
    // a read key never travels in a URL
    await expectError(await t.call(`/v1/query?key=${KEYS.read}`, { key: null }), 401, "missing_bearer_token");
    expect(await t.query({ anonymous_id: "u_beacon" })).toHaveLength(1);
  });
});
