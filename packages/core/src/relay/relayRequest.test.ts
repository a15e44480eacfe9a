import { afterEach, describe, expect, it, vi } from "vitest";
import { relayRequest, RELAY_MAX_BODY_BYTES } from "../index";
import { forwardedClientIp, isRelayPath, relayPathOrUndefined, relayRouteRefusal } from "../internal";

const PK = "pk_test_1a2b3c4d_publishablepublishable0001";
const SK = "sk_test_5e6f7a8b_secretsecretsecretsecret0001";
const HOST = "http://ingest.test";

interface Seen {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch double that records what the relay sent and answers `answer`. */
function upstream(answer: () => Response = () => new Response('{"ok":true,"count":1}', { status: 202, headers: { "content-type": "application/json" } })) {
  const seen: Seen[] = [];
  /** Each request's body as the bytes that went upstream. */
  const raw: Uint8Array[] = [];
  const fetch = (async (input: URL | RequestInfo, init?: RequestInit) => {
    raw.push(typeof init?.body === "string" ? new TextEncoder().encode(init.body) : new Uint8Array(init?.body as Uint8Array));
    seen.push({
      url: String(input),
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === "string" ? init.body : new TextDecoder().decode(init?.body as Uint8Array),
    });
    return answer();
  }) as typeof globalThis.fetch;
  return { seen, raw, fetch };
}

function browserPost(path: string, body: string, headers: Record<string, string> = {}) {
  return new Request(`https://shop.example${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${PK}`,
      "content-type": "application/json",
      origin: "https://shop.example",
      "user-agent": "Mozilla/5.0 test",
      cookie: "aid=u_1; session=secret",
      "x-custom": "private",
      ...headers,
    },
    body,
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("relayRequest()", () => {
  it("forwards the key, Content-Type, Origin, User-Agent and X-Forwarded-For + the client IP, and nothing else", async () => {
    const u = upstream();
    const res = await relayRequest(browserPost("/_mm/v1/batch?x=1", '{"events":[]}', { "x-forwarded-for": "203.0.113.9" }), {
      host: HOST + "/",
      clientIp: "198.51.100.7",
      fetch: u.fetch,
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('{"ok":true,"count":1}');
    expect(u.seen).toEqual([
      {
        url: `${HOST}/v1/batch`,
        headers: {
          authorization: `Bearer ${PK}`,
          "content-type": "application/json",
          origin: "https://shop.example",
          "user-agent": "Mozilla/5.0 test",
          "x-forwarded-for": "203.0.113.9, 198.51.100.7",
        },
        body: '{"events":[]}',
      },
    ]);
  });

  it("forwards a beacon's pk_ key in the query, and only that parameter", async () => {
    const u = upstream();
    const req = new Request(`https://shop.example/_mm/v1/batch?key=${PK}&other=1`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://shop.example" },
      body: '{"events":[]}',
    });
    expect((await relayRequest(req, { host: HOST, fetch: u.fetch })).status).toBe(202);
    expect(u.seen[0]!.url).toBe(`${HOST}/v1/batch?key=${PK}`);
    expect(u.seen[0]!.headers.authorization).toBeUndefined();
  });

  it("refuses a secret key with 403, and no key with 401, without contacting the ingest", async () => {
    const u = upstream();
    const sk = await relayRequest(browserPost("/_mm/v1/track", "{}", { authorization: `Bearer ${SK}` }), { host: HOST, fetch: u.fetch });
    expect(sk.status).toBe(403);
    const body = (await sk.json()) as { error: string; details: { message: string } };
    expect(body.error).toBe("insufficient_scope");
    expect(body.details.message).toMatch(/^\[millimetric\] the relay forwards browser \(pk_\) keys only/);
    expect(JSON.stringify(body)).not.toContain(SK);
    const beaconSk = new Request(`https://shop.example/_mm/v1/batch?key=${SK}`, { method: "POST", body: "{}" });
    expect((await relayRequest(beaconSk, { host: HOST, fetch: u.fetch })).status).toBe(403);
    const none = new Request("https://shop.example/_mm/v1/batch", { method: "POST", body: "{}" });
    expect((await relayRequest(none, { host: HOST, fetch: u.fetch })).status).toBe(401);
    expect(u.seen).toEqual([]);
  });

  it("answers 404 for other paths and 405 for other methods, in the ingest's error shape", async () => {
    const u = upstream();
    const other = await relayRequest(browserPost("/_mm/v1/forget", "{}"), { host: HOST, fetch: u.fetch });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: string }).error).toBe("not_found");
    const get = await relayRequest(new Request("https://shop.example/_mm/v1/batch"), { host: HOST, fetch: u.fetch });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(((await get.json()) as { error: string }).error).toBe("method_not_allowed");
    const mounted = await relayRequest(browserPost("/v1/track", "{}"), { host: HOST, path: "", fetch: u.fetch });
    expect(mounted.status).toBe(202);
    expect(u.seen.map((s) => s.url)).toEqual([`${HOST}/v1/track`]);
  });

  it("refuses a body over the cap with 413 (declared or counted) without contacting the ingest", async () => {
    const u = upstream();
    const big = "x".repeat(RELAY_MAX_BODY_BYTES + 1);
    const declared = await relayRequest(browserPost("/_mm/v1/batch", big), { host: HOST, fetch: u.fetch });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toBe("invalid_payload");
    // A stream with no Content-Length: counted while reading.
    const chunk = new TextEncoder().encode("y".repeat(600));
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        c.enqueue(chunk);
      },
    });
    const streamed = new Request("https://shop.example/_mm/v1/batch", {
      method: "POST",
      headers: { authorization: `Bearer ${PK}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await relayRequest(streamed, { host: HOST, maxBodyBytes: 1000, fetch: u.fetch })).status).toBe(413);
    expect(pulls).toBeLessThan(5);
    expect(u.seen).toEqual([]);
  });

  it("passes the ingest's answer back as is: status, body, Retry-After, Content-Type; never Set-Cookie", async () => {
    const u = upstream(
      () =>
        new Response('{"error":"rate_limited","retry_after_s":3}', {
          status: 429,
          headers: { "content-type": "application/json", "retry-after": "3", "set-cookie": "tracker=1", "access-control-allow-origin": "*" },
        }),
    );
    const res = await relayRequest(browserPost("/_mm/v1/batch", '{"events":[]}'), { host: HOST, fetch: u.fetch });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(await res.text()).toBe('{"error":"rate_limited","retry_after_s":3}');
  });

  it("answers 502 upstream_failed without naming the ingest's address; the address is logged in development only", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await relayRequest(browserPost("/_mm/v1/batch", '{"events":[]}'), { host: "http://127.0.0.1:1" });
    expect(res.status).toBe(502);
    const text = await res.text();
    const body = JSON.parse(text) as { error: string; details: { message: string } };
    expect(body.error).toBe("upstream_failed");
    expect(body.details.message).toMatch(/the analytics ingest could not be reached/);
    expect(text).not.toContain("127.0.0.1");
    expect(text).not.toMatch(/:1\b/);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toMatch(/^\[millimetric\] the relay could not reach the ingest at http:\/\/127\.0\.0\.1:1 /);
    // In production the server's log stays quiet too (the answer is the same).
    log.mockClear();
    vi.stubEnv("NODE_ENV", "production");
    const prod = await relayRequest(browserPost("/_mm/v1/batch", '{"events":[]}'), { host: "http://127.0.0.1:1" });
    expect(prod.status).toBe(502);
    expect(await prod.text()).toBe(text);
    expect(log).not.toHaveBeenCalled();
  });

  it("forwards the body as the bytes that arrived: invalid UTF-8 under the cap is never decoded into more than the cap", async () => {
    const u = upstream();
    // 1 000 bytes that are not UTF-8: decoded, each would become a 3-byte U+FFFD (3 000 bytes).
    const invalid = new Uint8Array(1000).fill(0xff);
    const post = (body: Uint8Array<ArrayBuffer>) =>
      new Request("https://shop.example/_mm/v1/batch", { method: "POST", headers: { authorization: `Bearer ${PK}`, "content-type": "application/json" }, body });
    expect((await relayRequest(post(invalid), { host: HOST, maxBodyBytes: 1000, fetch: u.fetch })).status).toBe(202);
    expect(u.raw[0]!.byteLength).toBe(1000);
    expect(u.raw[0]).toEqual(invalid);
    // A lone continuation byte and a truncated sequence inside valid JSON: the same bytes too.
    const mixed = new Uint8Array([...new TextEncoder().encode('{"events":[{"event":"'), 0x80, 0xe2, 0x82, ...new TextEncoder().encode('"}]}')]);
    expect((await relayRequest(post(mixed), { host: HOST, maxBodyBytes: mixed.byteLength, fetch: u.fetch })).status).toBe(202);
    expect(u.raw[1]).toEqual(mixed);
    // One byte over is still refused.
    expect((await relayRequest(post(new Uint8Array(1001).fill(0xff)), { host: HOST, maxBodyBytes: 1000, fetch: u.fetch })).status).toBe(413);
    expect(u.raw).toHaveLength(2);
  });

  it("routes on the path the adapter matched (pathname), when its framework's differs from request.url's", async () => {
    const u = upstream();
    // Next under basePath "/docs": request.url keeps it, nextUrl.pathname does not.
    const req = browserPost("/docs/_mm/v1/track", "{}");
    expect((await relayRequest(req, { host: HOST, path: "/_mm", pathname: "/_mm/v1/track", fetch: u.fetch })).status).toBe(202);
    expect(u.seen.map((s) => s.url)).toEqual([`${HOST}/v1/track`]);
    const other = await relayRequest(browserPost("/docs/_mm/v1/forget", "{}"), { host: HOST, path: "/_mm", pathname: "/_mm/v1/forget", fetch: u.fetch });
    expect(other.status).toBe(404);
  });
});

describe("relayRouteRefusal()", () => {
  it("answers 405 with Allow: POST for every other method, those a Request cannot carry included, and 404 for other paths first", async () => {
    for (const method of ["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "TRACK", "CONNECT", "PROPFIND"]) {
      const res = relayRouteRefusal(method, "/_mm/v1/batch", "/_mm");
      expect(res?.status, method).toBe(405);
      expect(res!.headers.get("allow")).toBe("POST");
      expect(((await res!.json()) as { error: string }).error).toBe("method_not_allowed");
    }
    expect(relayRouteRefusal("TRACE", "/_mm/v1/forget", "/_mm")?.status).toBe(404);
    expect(relayRouteRefusal("POST", "*", "")?.status).toBe(404);
    expect(relayRouteRefusal("POST", "/_mm/v1/batch", "/_mm")).toBeUndefined();
    expect(relayRouteRefusal("POST", "/v1/track", "")).toBeUndefined();
  });
});

describe("forwardedClientIp()", () => {
  it("is the entry the nearest trusted proxy appended: by default the last one, never the one the client wrote", () => {
    // nginx's $proxy_add_x_forwarded_for, an ALB, Google's load balancer: the client's own header, then the address the proxy saw.
    expect(forwardedClientIp("6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
    expect(forwardedClientIp("203.0.113.9")).toBe("203.0.113.9");
    expect(forwardedClientIp(" 203.0.113.9 ")).toBe("203.0.113.9");
    expect(forwardedClientIp("2001:db8::1")).toBe("2001:db8::1");
  });

  it("counts trusted proxies from the end, like Express's numeric trust proxy", () => {
    expect(forwardedClientIp("6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
    expect(forwardedClientIp("6.6.6.6, 203.0.113.9, 10.0.0.2", 3)).toBe("6.6.6.6");
    // A chain shorter than the hops (the request skipped a proxy): its first entry.
    expect(forwardedClientIp("203.0.113.9", 2)).toBe("203.0.113.9");
    // Not a positive integer: one hop.
    expect(forwardedClientIp("6.6.6.6, 203.0.113.9", 0)).toBe("203.0.113.9");
  });

  it("is undefined without a chain or with an empty one", () => {
    for (const none of [null, undefined, "", " ", ",", " , "]) expect(forwardedClientIp(none), JSON.stringify(none)).toBeUndefined();
    expect(forwardedClientIp("203.0.113.9, ")).toBe("203.0.113.9");
  });
});

describe("isRelayPath() and relayPathOrUndefined()", () => {
  it("matches the mount point and below it only", () => {
    expect(isRelayPath("/_mm/v1/batch", "/_mm")).toBe(true);
    expect(isRelayPath("/_mm", "/_mm")).toBe(true);
    expect(isRelayPath("/_mmx/v1/batch", "/_mm")).toBe(false);
    expect(isRelayPath("/pricing", "/_mm")).toBe(false);
  });

  it("accepts plain absolute paths only, so origin + path stays on the origin", () => {
    expect(relayPathOrUndefined("/_mm")).toBe("/_mm");
    expect(relayPathOrUndefined("/a/b/")).toBe("/a/b");
    for (const bad of ["@evil.example", "//evil.example", "_mm", "/a b", "/a?x", "", null, undefined]) {
      expect(relayPathOrUndefined(bad)).toBeUndefined();
    }
  });
});
