import { describe, expect, it } from "vitest";
import { isRelayPath, relayPathOrUndefined, relayRequest, RELAY_MAX_BODY_BYTES } from "../index";

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
  const fetch = (async (input: URL | RequestInfo, init?: RequestInit) => {
    seen.push({
      url: String(input),
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === "string" ? init.body : new TextDecoder().decode(init?.body as Uint8Array),
    });
    return answer();
  }) as typeof globalThis.fetch;
  return { seen, fetch };
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

  it("answers 502 upstream_failed when the ingest cannot be reached", async () => {
    const res = await relayRequest(browserPost("/_mm/v1/batch", '{"events":[]}'), { host: "http://127.0.0.1:1" });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: string; details: { message: string } };
    expect(body.error).toBe("upstream_failed");
    expect(body.details.message).toContain("http://127.0.0.1:1");
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
