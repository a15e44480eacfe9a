import { NextRequest, NextResponse, type NextFetchEvent } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { startIngest, type IngestServer } from "@millimetric/ingest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  MILLIMETRIC_MATCHER,
  withMillimetric,
  type MillimetricHandler,
  type NextRelayOptions,
  type WithMillimetricOptions,
} from "./index";

const ID = /^u_[0-9a-f]{32}$/;
/** The proxy's decision, forwarded to server code (core's FORWARDED_VISITOR_HEADER). */
const VISITOR = "x-millimetric-visitor";
// next/server exports NextFetchEvent as a type only; a proxy receives one with waitUntil.
const fetchEvent = () => ({ waitUntil: vi.fn() }) as unknown as NextFetchEvent;

function request(path = "/", headers: Record<string, string> = {}, origin = "https://shop.example") {
  return new NextRequest(origin + path, {
    headers: { "user-agent": "test-agent", accept: "text/html", ...headers },
  });
}

async function run(req: NextRequest, handler?: MillimetricHandler, options?: WithMillimetricOptions) {
  const proxy = handler ? withMillimetric(handler, options) : withMillimetric(options);
  return (await proxy(req, fetchEvent())) ?? undefined;
}

/** The request headers the app will see, decoded the way Next's router applies them. */
function forwarded(res: Response | undefined): Headers | undefined {
  const list = res?.headers.get("x-middleware-override-headers");
  if (list == null) return undefined;
  const out = new Headers();
  for (const key of list.split(",").filter(Boolean)) {
    const value = res!.headers.get(`x-middleware-request-${key}`);
    if (value !== null) out.set(key, value);
  }
  return out;
}

const aidOf = (setCookie: string | undefined) => /^aid=([^;]*)/.exec(setCookie ?? "")?.[1];
const aidSetCookie = (res: Response | undefined) => res?.headers.getSetCookie().find((c) => c.startsWith("aid="));

describe("withMillimetric() on a first visit", () => {
  it("mints an id, sets the cookie and forwards the same id on the request", async () => {
    const res = await run(request("/pricing", { cookie: "theme=dark" }));
    expect(res?.headers.get("x-middleware-next")).toBe("1");
    const set = aidSetCookie(res);
    const id = aidOf(set)!;
    expect(id).toMatch(ID);
    expect(set).toBe(`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax; Secure`);

    const fwd = forwarded(res)!;
    expect(fwd.get("cookie")).toBe(`theme=dark; aid=${id}`);
    expect(fwd.get(VISITOR)).toBe(`${id};minted`);
    // Every other request header survives: Next drops headers missing from the list.
    expect(fwd.get("user-agent")).toBe("test-agent");
    expect(fwd.get("accept")).toBe("text/html");
  });

  it("mints a different id for each new visitor", async () => {
    const a = aidOf(aidSetCookie(await run(request())));
    const b = aidOf(aidSetCookie(await run(request())));
    expect(a).not.toBe(b);
  });

  it("sets Secure only on https (URL or x-forwarded-proto)", async () => {
    expect(aidSetCookie(await run(request("/", {}, "http://localhost:3000")))).not.toMatch(/Secure/);
    expect(aidSetCookie(await run(request("/", { "x-forwarded-proto": "https" }, "http://localhost:3000")))).toMatch(
      /; Secure$/,
    );
    expect(aidSetCookie(await run(request("/", { "x-forwarded-proto": "http" })))).not.toMatch(/Secure/);
  });
});

describe("withMillimetric() and the browser's cookies", () => {
  it("sets the mm_minted companion (same id, same path and SameSite, five minutes) only when it mints", async () => {
    const res = await run(request("/", {}, "https://shop.example"));
    const id = aidOf(aidSetCookie(res))!;
    expect(res!.headers.getSetCookie()).toContain(`mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax; Secure`);
    const returning = await run(request("/", { cookie: `aid=${id}` }));
    expect(returning!.headers.getSetCookie()).toEqual([]);
  });

  it("gives a request from no browser (a webhook, a health check) no id and no cookie", async () => {
    const webhook = new NextRequest("https://shop.example/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=x", "user-agent": "Stripe/1.0" },
    });
    const res = await run(webhook);
    expect(res?.headers.getSetCookie() ?? []).toEqual([]);
    const fwd = forwarded(res)!;
    expect(fwd.get("cookie")).toBeNull();
    expect(fwd.get(VISITOR)).toBe("none");
    // Sec-Fetch-Mode alone (Node's fetch sends it) is no browser either.
    expect((await run(new NextRequest("https://shop.example/api/x", { headers: { "sec-fetch-mode": "cors" } })))?.headers.getSetCookie() ?? []).toEqual([]);
    // A browser's fetch, and the option, still get one.
    expect(aidSetCookie(await run(new NextRequest("https://shop.example/api/x", { headers: { "sec-fetch-site": "same-origin" } })))).toMatch(/^aid=u_/);
    expect(aidSetCookie(await run(webhook, undefined, { isVisitorRequest: () => true }))).toMatch(/^aid=u_/);
  });
});

describe("withMillimetric() with an existing id", () => {
  it("sets no cookie for a valid cookie, and forwards the request as it came but for the URL header", async () => {
    const res = await run(request("/cart?x=1", { cookie: "aid=u_returning; theme=dark" }));
    expect(res?.headers.getSetCookie()).toEqual([]);
    const fwd = forwarded(res)!;
    expect(fwd.get("cookie")).toBe("aid=u_returning; theme=dark");
    expect(fwd.get(VISITOR)).toBe("u_returning");
    expect(fwd.get("x-millimetric-url")).toBe("https://shop.example/cart?x=1");
  });

  it("keeps the first valid of duplicated cookies and rewrites it", async () => {
    const res = await run(request("/", { cookie: "aid=u_first; other=1; aid=u_second" }));
    expect(aidSetCookie(res)).toMatch(/^aid=u_first;/);
    expect(forwarded(res)!.get("cookie")).toBe("other=1; aid=u_first");
    expect(forwarded(res)!.get(VISITOR)).toBe("u_first");
  });

  it("prefers a valid x-millimetric-anonymous-id header over the cookie for the request, and leaves the cookie alone (contract row 4)", async () => {
    const res = await run(request("/", { cookie: "aid=u_cookie", "x-millimetric-anonymous-id": "u_header" }));
    expect(res?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(res)!.get("cookie")).toBe("aid=u_cookie");
    expect(forwarded(res)!.get(VISITOR)).toBe("u_header");
  });

  it("ignores an invalid header", async () => {
    const res = await run(request("/", { cookie: "aid=u_cookie", "x-millimetric-anonymous-id": "<b>" }));
    expect(res?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(res)!.get("cookie")).toBe("aid=u_cookie");
    expect(forwarded(res)!.get(VISITOR)).toBe("u_cookie");
  });

  it.each(["undefined", "null"])("takes an id of %j for none: a header is ignored, a cookie replaced", async (bad) => {
    const header = await run(request("/", { cookie: "aid=u_cookie", "x-millimetric-anonymous-id": bad }));
    expect(header?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(header)!.get(VISITOR)).toBe("u_cookie");
    const cookie = await run(request("/", { cookie: `aid=${bad}` }));
    const id = aidOf(aidSetCookie(cookie))!;
    expect(id).toMatch(ID);
    expect(forwarded(cookie)!.get("cookie")).toBe(`aid=${id}`);
    expect(forwarded(cookie)!.get(VISITOR)).toBe(`${id};minted`);
  });

  it("states the decision itself: whatever a client sent under its header is replaced", async () => {
    for (const forged of ["u_forged;minted", "opted-out", "none"]) {
      const res = await run(request("/", { cookie: "aid=u_returning", [VISITOR]: forged }));
      expect(aidSetCookie(res)).toBeUndefined();
      expect(forwarded(res)!.get(VISITOR)).toBe("u_returning");
      expect(forwarded(res)!.get("cookie")).toBe("aid=u_returning");
    }
    const list = (await run(request("/", { [VISITOR]: "u_forged" })))!.headers.get("x-middleware-override-headers")!.split(",");
    expect(list.filter((name) => name === VISITOR)).toHaveLength(1);
  });
});

describe("withMillimetric() forwarding the visitor's URL", () => {
  it("takes the scheme and host the request came with, not next start's own localhost", async () => {
    // What `next start` behind a proxy hands the proxy: its own origin in the URL.
    const behindProxy = { cookie: "aid=u_returning", host: "localhost:3000", "x-forwarded-host": "shop.example, cdn.internal", "x-forwarded-proto": "https,http" };
    const viaProxy = await run(request("/cart?x=1", behindProxy, "http://localhost:3000"));
    expect(forwarded(viaProxy)!.get("x-millimetric-url")).toBe("https://shop.example/cart?x=1");
    // No proxy: the Host header and the URL's scheme.
    const direct = await run(request("/cart", { cookie: "aid=u_returning", host: "shop.example:8080" }, "http://localhost:3000"));
    expect(forwarded(direct)!.get("x-millimetric-url")).toBe("http://shop.example:8080/cart");
  });

  it("keeps the basePath, as the browser's URL has it", async () => {
    const req = new NextRequest("http://localhost:3000/docs/pricing?plan=pro", {
      headers: { accept: "text/html", cookie: "aid=u_returning", host: "shop.example" },
      nextConfig: { basePath: "/docs" },
    });
    // Next's own view of the path leaves the basePath out.
    expect(req.nextUrl.pathname).toBe("/pricing");
    expect(forwarded(await run(req))!.get("x-millimetric-url")).toBe("http://shop.example/docs/pricing?plan=pro");
  });
});

describe("withMillimetric() forwarding every request header", () => {
  it("forwards each header once, replaces a URL header a client sent, and keeps headers past the name cache", async () => {
    // 300 distinct names: more than the proxy keeps prefixed names for.
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-custom-${i}`, `v${i}`]));
    const res = await run(request("/cart?x=1", { cookie: "aid=u_returning", "x-millimetric-url": "https://evil.example/", ...many }));
    const fwd = forwarded(res)!;
    expect(fwd.get("x-millimetric-url")).toBe("https://shop.example/cart?x=1");
    for (let i = 0; i < 300; i++) expect(fwd.get(`x-custom-${i}`)).toBe(`v${i}`);
    const list = res!.headers.get("x-middleware-override-headers")!.split(",");
    expect(new Set(list).size).toBe(list.length);
    expect(list.sort()).toEqual([...fwd.keys()].sort());
  });

  it("skips a Firefox prefetch (x-moz) like the others", async () => {
    const handler = vi.fn(() => undefined);
    expect(await run(request("/pricing", { "x-moz": "prefetch" }), handler)).toBeUndefined();
    expect(handler).toHaveBeenCalledOnce();
  });
});

describe("withMillimetric() with a hostile cookie", () => {
  const junk = "x".repeat(4096);
  for (const [name, value] of [
    ["a script", "</script><script>alert(1)</script>"],
    ["4 KB of junk", junk],
    ["percent-encoded unicode", "%E2%98%83%F0%9F%98%80"],
    ["raw latin-1", "caf\u00e9"],
    ["quotes and spaces", '"u_a b"'],
    ["an empty value", ""],
  ]) {
    it(`replaces ${name} with a fresh id that the app sees`, async () => {
      const res = await run(request("/", { cookie: `aid=${value}; theme=dark` }));
      const id = aidOf(aidSetCookie(res))!;
      expect(id).toMatch(ID);
      const fwd = forwarded(res)!;
      expect(fwd.get("cookie")).toBe(`theme=dark; aid=${id}`);
      expect(fwd.get(VISITOR)).toBe(`${id};minted`);
      if (value) expect(JSON.stringify([...res!.headers])).not.toContain(value);
    });
  }
});

describe("withMillimetric(handler) composition", () => {
  it("passes the request and event to the handler", async () => {
    const handler = vi.fn<MillimetricHandler>(() => undefined);
    const req = request("/x");
    const event = fetchEvent();
    await withMillimetric(handler)(req, event);
    expect(handler).toHaveBeenCalledWith(req, event);
  });

  it("keeps a redirect and adds the cookie", async () => {
    const res = await run(request("/old"), (req) => NextResponse.redirect(new URL("/new", req.url)));
    expect(res!.status).toBe(307);
    expect(res!.headers.get("location")).toBe("https://shop.example/new");
    expect(aidOf(aidSetCookie(res))).toMatch(ID);
    expect(res!.headers.has("x-middleware-override-headers")).toBe(false);
  });

  it("copies a Response.redirect() whose headers are immutable", async () => {
    const res = await run(request("/old"), () => Response.redirect("https://shop.example/new", 308));
    expect(res!.status).toBe(308);
    expect(res!.headers.get("location")).toBe("https://shop.example/new");
    expect(aidOf(aidSetCookie(res))).toMatch(ID);
  });

  it("keeps a rewrite and forwards the id to the rewritten route", async () => {
    const res = await run(request("/a", { cookie: "s=1" }), (req) => NextResponse.rewrite(new URL("/b", req.url)));
    expect(res!.headers.get("x-middleware-rewrite")).toBe("https://shop.example/b");
    const id = aidOf(aidSetCookie(res))!;
    expect(forwarded(res)!.get("cookie")).toBe(`s=1; aid=${id}`);
  });

  it("keeps the handler's own cookies and response headers", async () => {
    const res = await run(request("/"), () => {
      const r = NextResponse.next({ headers: { "x-frame-options": "DENY" } });
      r.cookies.set("session", "abc", { httpOnly: true });
      r.headers.append("set-cookie", "theme=dark; Path=/");
      return r;
    });
    const cookies = res!.headers.getSetCookie();
    expect(cookies).toHaveLength(4);
    expect(cookies[0]).toMatch(/^session=abc; Path=\/; HttpOnly/);
    expect(cookies[1]).toBe("theme=dark; Path=/");
    expect(cookies[2]).toMatch(/^aid=u_[0-9a-f]{32}; Path=\//);
    expect(cookies[3]).toMatch(/^mm_minted=u_[0-9a-f]{32}; Path=\/; Max-Age=300; SameSite=Lax/);
    expect(res!.headers.get("x-frame-options")).toBe("DENY");
    expect(res!.headers.get("x-middleware-set-cookie")).toMatch(/session=abc/);
  });

  it("merges the handler's own request-header overrides", async () => {
    const res = await run(request("/", { cookie: "s=1", "x-remove-me": "1" }), (req) => {
      const headers = new Headers(req.headers);
      headers.set("x-tenant", "acme");
      headers.delete("x-remove-me");
      return NextResponse.next({ request: { headers } });
    });
    const id = aidOf(aidSetCookie(res))!;
    const fwd = forwarded(res)!;
    expect(fwd.get("x-tenant")).toBe("acme");
    expect(fwd.has("x-remove-me")).toBe(false);
    expect(fwd.get("user-agent")).toBe("test-agent");
    expect(fwd.get("cookie")).toBe(`s=1; aid=${id}`);
    expect(res!.headers.get("x-middleware-override-headers")!.split(",").sort()).toEqual(
      [...fwd.keys()].sort(),
    );
    expect(res!.headers.has("x-middleware-request-x-remove-me")).toBe(false);
  });

  it("keeps a cookie header the handler rewrote, adding the id", async () => {
    const res = await run(request("/", { cookie: "aid=</script>; s=1" }), (req) => {
      const headers = new Headers(req.headers);
      headers.set("cookie", "custom=1");
      return NextResponse.next({ request: { headers } });
    });
    const id = aidOf(aidSetCookie(res))!;
    expect(forwarded(res)!.get("cookie")).toBe(`custom=1; aid=${id}`);
  });

  it("adds the forwarded id to a handler override even when the cookie was already valid", async () => {
    const res = await run(request("/", { cookie: "aid=u_returning" }), (req) => {
      const headers = new Headers(req.headers);
      headers.delete("cookie");
      return NextResponse.next({ request: { headers } });
    });
    expect(aidSetCookie(res)).toBeUndefined();
    expect(forwarded(res)!.get("cookie")).toBe("aid=u_returning");
  });

  it("returns a handler's own NextResponse.next() untouched when nothing is needed", async () => {
    const mine = NextResponse.next();
    expect(await run(request("/", { cookie: "aid=u_returning" }), () => mine)).toBe(mine);
  });

  it("composes with Auth.js's auth(fn) as it runs: its redirect and its continue keep Auth.js's cookie beside aid", async () => {
    // next-auth v5's handleAuth: the session on request.auth, the user's function, then a new
    // Response copied from its result (NextResponse.next() when it returned nothing) with
    // the session cookie appended.
    const auth =
      (fn: (req: NextRequest & { auth: { user: { id: string } } | null }, ctx: { params: Promise<unknown> }) => Response | void) =>
      async (req: NextRequest, ctx: { params: Promise<unknown> }) => {
        const augmented = Object.assign(req, { auth: req.cookies.has("authjs.session-token") ? { user: { id: "user_1" } } : null });
        const response = (await fn(augmented, ctx)) ?? NextResponse.next();
        const final = new Response(response.body, response);
        final.headers.append("set-cookie", "authjs.session-token=rolled; Path=/; HttpOnly; SameSite=Lax");
        return final;
      };
    const proxy = withMillimetric(
      auth((req) => {
        if (!req.auth && req.nextUrl.pathname.startsWith("/dashboard")) return NextResponse.redirect(new URL("/login", req.url));
      }),
    );
    const out = (await proxy(request("/dashboard"), fetchEvent())) ?? undefined;
    expect(out!.status).toBe(307);
    expect(out!.headers.get("location")).toBe("https://shop.example/login");
    const cookies = out!.headers.getSetCookie();
    expect(cookies[0]).toMatch(/^authjs\.session-token=rolled;/);
    const id = aidOf(aidSetCookie(out))!;
    expect(id).toMatch(ID);

    const signedIn = (await proxy(request("/dashboard", { cookie: "authjs.session-token=t" }), fetchEvent())) ?? undefined;
    expect(signedIn!.headers.get("x-middleware-next")).toBe("1");
    expect(signedIn!.headers.getSetCookie()[0]).toMatch(/^authjs\.session-token=rolled;/);
    const minted = aidOf(aidSetCookie(signedIn))!;
    expect(forwarded(signedIn)!.get("cookie")).toBe(`authjs.session-token=t; aid=${minted}`);
  });

  it("keeps a final response and its body", async () => {
    const res = await run(request("/admin"), async () => NextResponse.json({ error: "nope" }, { status: 401 }));
    expect(res!.status).toBe(401);
    expect(await res!.json()).toEqual({ error: "nope" });
    expect(aidOf(aidSetCookie(res))).toMatch(ID);
    expect(res!.headers.has("x-middleware-override-headers")).toBe(false);
  });
});

describe("withMillimetric() skips", () => {
  const prefetches: Array<Record<string, string>> = [
    { "next-router-prefetch": "1" },
    { purpose: "prefetch" },
    { "sec-purpose": "prefetch;prerender" },
  ];
  for (const headers of prefetches) {
    it(`prefetches (${Object.keys(headers)[0]})`, async () => {
      const handler = vi.fn(() => undefined);
      expect(await run(request("/pricing", headers), handler)).toBeUndefined();
      expect(handler).toHaveBeenCalledOnce();
    });
  }

  for (const path of ["/_next/static/chunks/app.js", "/_next/image?url=%2Fa.png&w=64", "/favicon.ico", "/logo.PNG", "/fonts/a.woff2"]) {
    it(`static asset ${path}`, async () => {
      expect(await run(request(path))).toBeUndefined();
    });
  }

  it("returns the handler's response untouched on a skipped request", async () => {
    const mine = NextResponse.redirect("https://shop.example/other");
    expect(await run(request("/favicon.ico"), () => mine)).toBe(mine);
    expect(aidSetCookie(mine)).toBeUndefined();
  });

  it("handles pages, route handlers and JSON routes", async () => {
    for (const path of ["/", "/api/signup", "/api/data.json", "/blog/2026/hello"]) {
      expect(aidOf(aidSetCookie(await run(request(path))))).toMatch(ID);
    }
  });

  it("follows a custom shouldHandle", async () => {
    const options = { shouldHandle: (req: NextRequest) => !req.nextUrl.pathname.startsWith("/webhooks") };
    expect(await run(request("/webhooks/stripe"), undefined, options)).toBeUndefined();
    expect(aidSetCookie(await run(request("/x"), undefined, options))).toBeDefined();
  });
});

describe("withMillimetric() cookie options", () => {
  it("uses the configured name and attributes, on the response and the request", async () => {
    const res = await run(request("/", { cookie: "aid=u_not_mine" }), undefined, {
      cookie: { name: "mm", domain: "shop.example", secure: false },
    });
    const set = res!.headers.getSetCookie()[0]!;
    const id = /^mm=([^;]+)/.exec(set)![1]!;
    expect(set).toBe(`mm=${id}; Path=/; Max-Age=31536000; SameSite=Lax; Domain=shop.example`);
    expect(forwarded(res)!.get("cookie")).toBe(`aid=u_not_mine; mm=${id}`);
  });
});

describe("MILLIMETRIC_MATCHER, compiled by Next", () => {
  const matches = (url: string, headers: Record<string, string> = {}) =>
    unstable_doesMiddlewareMatch({ config: { matcher: MILLIMETRIC_MATCHER }, url, headers });

  it("matches pages and route handlers", () => {
    for (const url of ["/", "/pricing", "/api/signup", "/api/data.json", "/blog/a-b_c", "/_next/data/build/index.json"]) {
      expect(matches(url), url).toBe(true);
    }
  });

  it("excludes build assets, the favicon and static files", () => {
    for (const url of ["/_next/static/chunks/main.js", "/_next/image", "/favicon.ico", "/logo.png", "/a/b/font.woff2", "/robots.txt", "/sitemap.xml"]) {
      expect(matches(url), url).toBe(false);
    }
  });

  it("excludes prefetches", () => {
    expect(matches("/pricing", { "next-router-prefetch": "1" })).toBe(false);
    expect(matches("/pricing", { purpose: "prefetch" })).toBe(false);
  });
});

describe("withMillimetric({ relay }) against the real ingest", () => {
  const KEYS = {
    publishable: "pk_test_1a2b3c4d_publishablepublishable0001",
    secret: "sk_test_5e6f7a8b_secretsecretsecretsecret0001",
    read: "rk_test_9c0d1e2f_readreadreadreadreadread0001",
  };
  const APP = "https://shop.example";
  const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
  let ingest: IngestServer;
  /** What the relay sent upstream: the fetch it was given records each request, then sends it. */
  const sent: { url: string; headers: Headers }[] = [];
  const recordingFetch = ((input: URL | RequestInfo, init?: RequestInit) => {
    sent.push({ url: String(input), headers: new Headers(init?.headers) });
    return fetch(input, init);
  }) as typeof fetch;
  const relayed = (handler?: MillimetricHandler, relay: NextRelayOptions = {}) => {
    const options: WithMillimetricOptions = { relay: { path: "/_mm", host: ingest.url, fetch: recordingFetch, ...relay } };
    return handler ? withMillimetric(handler, options) : withMillimetric(options);
  };

  beforeAll(async () => {
    ingest = await startIngest({
      port: 0,
      host: "127.0.0.1",
      dbPath: ":memory:",
      env: {},
      keys: KEYS,
      // The app's origin is the only one the browser key may be used from.
      allowedOrigins: [APP],
      rateLimits: { track: { ratePerSecond: 0.2, burst: 2 }, batch: false },
      onError: () => {},
    });
  });
  afterAll(() => ingest.close());

  /** The SDK's request from a page of the app, as it reaches the proxy (under `basePath` when given, as Next hands it over). */
  const fromPage = (path: string, body: string, headers: Record<string, string> = {}, basePath?: string) =>
    new NextRequest(APP + path, {
      ...(basePath === undefined ? {} : { nextConfig: { basePath } }),
      method: "POST",
      headers: {
        authorization: `Bearer ${KEYS.publishable}`,
        "content-type": "application/json",
        origin: APP,
        "user-agent": UA,
        cookie: "aid=u_next_cookie; session=s3cr3t",
        "sec-fetch-site": "same-origin",
        ...headers,
      },
      body,
    });
  const stored = async (aid: string) =>
    ((await (await fetch(`${ingest.url}/v1/query?anonymous_id=${aid}`, { headers: { authorization: `Bearer ${KEYS.read}` } })).json()) as {
      events: Record<string, unknown>[];
    }).events;
  const batch = (aid: string) => JSON.stringify({ events: [{ event: "$pageview", anonymous_id: aid, url: `${APP}/pricing` }] });

  it("answers <relay>/v1/batch itself, before the handler and without any cookie, with the visitor's IP and User-Agent stored", async () => {
    sent.length = 0;
    const handler = vi.fn();
    // The visitor wrote 6.6.6.6; the proxy in front of Next appended the address it saw.
    const res = await relayed(handler)(fromPage("/_mm/v1/batch", batch("u_next_relay"), { "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), fetchEvent());
    expect(res!.status).toBe(202);
    expect(await res!.json()).toEqual({ ok: true, count: 1 });
    expect(handler).not.toHaveBeenCalled();
    expect(res!.headers.getSetCookie()).toEqual([]);
    expect(res!.headers.get("x-middleware-next")).toBeNull();
    expect(await stored("u_next_relay")).toMatchObject([{ source: "browser", ip: "203.0.113.9" }]);
    expect(sent).toHaveLength(1);
    expect([...sent[0]!.headers.keys()].sort()).toEqual(["authorization", "content-type", "origin", "user-agent", "x-forwarded-for"]);
    expect(sent[0]!.headers.get("user-agent")).toBe(UA);
    expect(sent[0]!.url).toBe(`${ingest.url}/v1/batch`);
  });

  it("stores the IP the nearest trusted proxy saw: the last X-Forwarded-For entry by default, never an entry or x-real-ip the visitor wrote", async () => {
    sent.length = 0;
    // nginx's $proxy_add_x_forwarded_for, an ALB, Google's load balancer: they append, so the visitor's own header comes first.
    const spoofed = { "x-forwarded-for": "6.6.6.6, 203.0.113.9", "x-real-ip": "6.6.6.7" };
    expect((await relayed()(fromPage("/_mm/v1/batch", batch("u_next_ip_last"), spoofed), fetchEvent()))!.status).toBe(202);
    expect(await stored("u_next_ip_last")).toMatchObject([{ ip: "203.0.113.9" }]);
    // Upstream, the chosen address is the chain's last entry: the one the ingest believes from its relay.
    expect(sent[0]!.headers.get("x-forwarded-for")).toBe("6.6.6.6, 203.0.113.9, 203.0.113.9");

    // Two proxies (a CDN, then a load balancer): the entry before the last.
    const two = { "x-forwarded-for": "6.6.6.6, 203.0.113.10, 10.0.0.2" };
    expect((await relayed(undefined, { trustedProxies: 2 })(fromPage("/_mm/v1/batch", batch("u_next_ip_two"), two), fetchEvent()))!.status).toBe(202);
    expect(await stored("u_next_ip_two")).toMatchObject([{ ip: "203.0.113.10" }]);

    // x-real-ip only when the app says its proxy sets it; a request without it falls back to X-Forwarded-For.
    const real = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "203.0.113.11" };
    expect((await relayed(undefined, { clientIpHeader: "X-Real-IP" })(fromPage("/_mm/v1/batch", batch("u_next_ip_real"), real), fetchEvent()))!.status).toBe(202);
    expect(await stored("u_next_ip_real")).toMatchObject([{ ip: "203.0.113.11" }]);
    const noReal = { "x-forwarded-for": "6.6.6.6, 203.0.113.12" };
    expect((await relayed(undefined, { clientIpHeader: "x-real-ip" })(fromPage("/_mm/v1/batch", batch("u_next_ip_noreal"), noReal), fetchEvent()))!.status).toBe(202);
    expect(await stored("u_next_ip_noreal")).toMatchObject([{ ip: "203.0.113.12" }]);
  });

  it("refuses a trustedProxies or clientIpHeader that is not one when called", () => {
    for (const trustedProxies of [0, -1, 1.5, Number.NaN, "2" as unknown as number]) {
      expect(() => withMillimetric({ relay: { trustedProxies } }), String(trustedProxies)).toThrow(/^\[millimetric\] withMillimetric\(\{ relay: \{ trustedProxies \} \}\) must be a positive integer/);
    }
    for (const clientIpHeader of ["", "x real ip", "x-real-ip\r\nx: 1"]) {
      expect(() => withMillimetric({ relay: { clientIpHeader } }), clientIpHeader).toThrow(/^\[millimetric\] withMillimetric\(\{ relay: \{ clientIpHeader \} \}\) must be a header name/);
    }
  });

  it("under a basePath: relays <basePath><relay>/v1/…, and tells the browser that full path, scoped to the basePath", async () => {
    sent.length = 0;
    // Next hands the proxy request.url with the basePath and nextUrl.pathname without it.
    const res = await relayed()(fromPage("/docs/_mm/v1/batch", batch("u_next_base"), {}, "/docs"), fetchEvent());
    expect(res!.status).toBe(202);
    expect(await res!.json()).toEqual({ ok: true, count: 1 });
    expect(await stored("u_next_base")).toHaveLength(1);
    expect(sent.map((r) => r.url)).toEqual([`${ingest.url}/v1/batch`]);
    // Anything else under it is still the relay's 404, never forwarded.
    expect((await relayed()(fromPage("/docs/_mm/v1/forget", "{}", {}, "/docs"), fetchEvent()))!.status).toBe(404);
    expect(sent).toHaveLength(1);

    const page = (cookie?: string) =>
      new NextRequest(APP + "/docs/pricing", { headers: { "user-agent": UA, accept: "text/html", ...(cookie ? { cookie } : {}) }, nextConfig: { basePath: "/docs" } });
    const first = await relayed()(page(), fetchEvent());
    const relayCookie = "mm_relay=/docs/_mm; Path=/docs; Max-Age=86400; SameSite=Lax; Secure";
    expect(first!.headers.getSetCookie()).toContain(relayCookie);
    const id = aidOf(aidSetCookie(first ?? undefined))!;
    expect((await relayed()(page(`aid=${id}; mm_relay=/docs/_mm`), fetchEvent()))!.headers.getSetCookie()).toEqual([]);
    // A cookie naming the path without the basePath (what the relay said before) is replaced.
    expect((await relayed()(page(`aid=${id}; mm_relay=/_mm`), fetchEvent()))!.headers.getSetCookie()).toEqual([relayCookie]);

    // A relay path written with the basePath in it is relative to the basePath too, like the rest of Next's config: it still delivers.
    const doubled = withMillimetric({ relay: { path: "/docs/_mm", host: ingest.url } });
    expect((await doubled(page(), fetchEvent()))!.headers.getSetCookie()).toContain("mm_relay=/docs/docs/_mm; Path=/docs; Max-Age=86400; SameSite=Lax; Secure");
    expect((await doubled(fromPage("/docs/docs/_mm/v1/batch", batch("u_next_base_doubled"), {}, "/docs"), fetchEvent()))!.status).toBe(202);
    expect(await stored("u_next_base_doubled")).toHaveLength(1);
  });

  it("refuses a 2 MB body with 413 and a secret key with 403; the ingest sees neither", async () => {
    sent.length = 0;
    const huge = JSON.stringify({ events: [{ event: "$pageview", anonymous_id: "u_next_huge", properties: { pad: "x".repeat(2 * 1024 * 1024) } }] });
    const big = await relayed()(fromPage("/_mm/v1/batch", huge), fetchEvent());
    expect(big!.status).toBe(413);
    const sk = await relayed()(fromPage("/_mm/v1/track", "{}", { authorization: `Bearer ${KEYS.secret}` }), fetchEvent());
    expect(sk!.status).toBe(403);
    expect(sent).toEqual([]);
    expect(await stored("u_next_huge")).toEqual([]);
  });

  it("passes the ingest's origin refusal and its 429 with Retry-After back as they are", async () => {
    const evil = await relayed()(fromPage("/_mm/v1/batch", batch("u_next_evil"), { origin: "https://evil.example" }), fetchEvent());
    expect(evil!.status).toBe(403);
    expect(((await evil!.json()) as { error: string }).error).toBe("origin_not_allowed");
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await relayed()(fromPage("/_mm/v1/track", JSON.stringify({ event: "tick", anonymous_id: "u_next_429" })), fetchEvent());
      statuses.push(res!.status);
      if (res!.status === 429) retryAfter = res!.headers.get("retry-after");
    }
    expect(statuses.slice(0, 2)).toEqual([202, 202]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it("tells a visitor's browser about the relay with the mm_relay cookie, once", async () => {
    const first = await relayed()(request("/pricing"), fetchEvent());
    expect(first!.headers.getSetCookie()).toContain("mm_relay=/_mm; Path=/; Max-Age=86400; SameSite=Lax; Secure");
    const id = aidOf(aidSetCookie(first ?? undefined))!;
    const again = await relayed()(request("/pricing", { cookie: `aid=${id}; mm_relay=/_mm` }), fetchEvent());
    expect(again!.headers.getSetCookie()).toEqual([]);
    // A stale value (the path changed) is replaced.
    const stale = await relayed()(request("/pricing", { cookie: `aid=${id}; mm_relay=/old` }), fetchEvent());
    expect(stale!.headers.getSetCookie()).toEqual(["mm_relay=/_mm; Path=/; Max-Age=86400; SameSite=Lax; Secure"]);
    // Kept on a handler's final response too.
    const final = await relayed(() => NextResponse.json({ ok: true }))(request("/api", { cookie: `aid=${id}` }), fetchEvent());
    expect(final!.headers.getSetCookie()).toEqual(["mm_relay=/_mm; Path=/; Max-Age=86400; SameSite=Lax; Secure"]);
  });

  it("sets no mm_relay for a request from no browser, nor without the relay, and relays only its own path", async () => {
    const webhook = new NextRequest(APP + "/api/webhook", { method: "POST", body: "{}" });
    expect((await relayed()(webhook, fetchEvent()))?.headers.getSetCookie() ?? []).toEqual([]);
    expect(aidSetCookie(await run(request("/pricing")))).toBeDefined();
    expect((await run(request("/pricing")))!.headers.getSetCookie().some((c) => c.startsWith("mm_relay="))).toBe(false);
    sent.length = 0;
    const lookalike = await relayed()(fromPage("/_mmx/v1/batch", batch("u_next_x")), fetchEvent());
    expect(lookalike!.headers.get("x-middleware-next")).toBe("1");
    expect(sent).toEqual([]);
    const other = await relayed()(fromPage("/_mm/v1/forget", "{}"), fetchEvent());
    expect(other!.status).toBe(404);
  });

  it("refuses a relay path that is not one", () => {
    expect(() => withMillimetric({ relay: "_mm" })).toThrow(/^\[millimetric\] withMillimetric\(\{ relay \}\) must be an absolute path/);
  });
});

describe("withMillimetric() and consent (Sec-GPC: 1, mm_optout=1)", () => {
  it.each([
    ["Sec-GPC: 1", { "sec-gpc": "1" }],
    ["the mm_optout=1 cookie", { cookie: "theme=dark; mm_optout=1" }],
  ])("%s: no id minted, no cookie set, no id forwarded, the app still runs", async (_name, headers) => {
    const res = await run(request("/pricing", headers));
    expect(res?.headers.getSetCookie() ?? []).toEqual([]);
    expect(forwarded(res)?.get("cookie") ?? "").not.toMatch(/aid=/);
    expect(forwarded(res)!.get(VISITOR)).toBe("opted-out");
  });

  it("a known visitor who opts out keeps their cookie untouched (no refresh, no new id)", async () => {
    const res = await run(request("/pricing", { cookie: "aid=u_known_visitor; mm_optout=1" }));
    expect(res?.headers.getSetCookie() ?? []).toEqual([]);
  });

  it("other requests are unaffected, and ignorePrivacySignals: true mints for a Sec-GPC request", async () => {
    expect(aidOf(aidSetCookie(await run(request("/pricing", { "sec-gpc": "0" }))))).toMatch(ID);
    expect(aidOf(aidSetCookie(await run(request("/pricing", { "sec-gpc": "1" }), undefined, { ignorePrivacySignals: true })))).toMatch(ID);
  });
});

describe("withMillimetric() applies core's visitor decision", () => {
  const CROSS_SITE_FETCH = { accept: "*/*", "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", origin: "https://other.example" };

  it("an OPTIONS preflight gets no id, no cookie (contract row 9)", async () => {
    const preflight = new NextRequest("https://shop.example/api/signup", {
      method: "OPTIONS",
      headers: { ...CROSS_SITE_FETCH, "access-control-request-method": "POST" },
    });
    const res = await run(preflight);
    expect(res?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(res)!.get("cookie")).toBeNull();
    expect(forwarded(res)!.get(VISITOR)).toBe("none");
    // Even when the app's own rule says "visitor".
    expect((await run(preflight, undefined, { isVisitorRequest: () => true }))?.headers.getSetCookie()).toEqual([]);
  });

  it("a cross-site fetch without an id is not minted; with the id header it carries that id and sets nothing (rows 10, 11)", async () => {
    const bare = await run(request("/api/data", CROSS_SITE_FETCH));
    expect(bare?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(bare)!.get(VISITOR)).toBe("none");
    const withHeader = await run(request("/api/data", { ...CROSS_SITE_FETCH, "x-millimetric-anonymous-id": "u_spa" }));
    expect(withHeader?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(withHeader)!.get(VISITOR)).toBe("u_spa");
    const credentialed = await run(request("/api/data", { ...CROSS_SITE_FETCH, cookie: "aid=u_credentialed" }));
    expect(credentialed?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(credentialed)!.get(VISITOR)).toBe("u_credentialed");
    // A navigation from another site is a visitor.
    const navigation = await run(request("/", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" }));
    expect(aidOf(aidSetCookie(navigation))).toMatch(ID);
  });

  it("an isVisitorRequest that throws costs the request its id, never its response", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const rule = vi.fn((): boolean => {
      throw new Error("tenant lookup failed");
    });
    const res = await run(request("/pricing"), undefined, { isVisitorRequest: rule });
    expect(rule).toHaveBeenCalledOnce();
    expect(res?.headers.get("x-middleware-next")).toBe("1");
    expect(res?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(res)!.get(VISITOR)).toBe("none");
    // Not asked for a request that carries its id.
    await run(request("/pricing", { cookie: "aid=u_returning" }), undefined, { isVisitorRequest: rule });
    expect(rule).toHaveBeenCalledOnce();
    warn.mockRestore();
    error.mockRestore();
  });

  it.each([
    [{ name: "a;b" }, "cookie.name"],
    [{ name: "a=b" }, "cookie.name"],
    [{ path: "/x; Domain=evil.example" }, "cookie.path"],
    [{ domain: "shop.example\r\nSet-Cookie: x=1" }, "cookie.domain"],
    [{ sameSite: "Lax; Secure" }, "cookie.sameSite"],
    [{ maxAge: -1 }, "cookie.maxAge"],
  ])("refuses cookie option %j when withMillimetric() is called, naming %s (row 17)", (cookie, option) => {
    expect(() => withMillimetric({ cookie: cookie as never })).toThrow(expect.objectContaining({ code: "invalid_config", message: expect.stringContaining(option) }));
    expect(() => withMillimetric(() => undefined, { cookie: cookie as never })).toThrow(/\[millimetric\] cookie\./);
  });

  it("rewrites the decision in a handler's own override, where the handler copied a client's forged value", async () => {
    const res = await run(request("/", { cookie: "aid=u_returning", [VISITOR]: "opted-out" }), (req) => {
      const headers = new Headers(req.headers);
      headers.set("x-tenant", "acme");
      return NextResponse.next({ request: { headers } });
    });
    const fwd = forwarded(res)!;
    expect(fwd.get(VISITOR)).toBe("u_returning");
    expect(fwd.get("x-tenant")).toBe("acme");
  });

  it("in a handler's override, a header id leaves the cookie as the handler set it; an opted-out visitor's cookie is not touched", async () => {
    const override = (req: NextRequest) => {
      const headers = new Headers(req.headers);
      headers.set("cookie", "custom=1");
      return NextResponse.next({ request: { headers } });
    };
    const header = await run(request("/", { cookie: "aid=u_cookie", "x-millimetric-anonymous-id": "u_header" }), override);
    expect(header?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(header)!.get("cookie")).toBe("custom=1");
    expect(forwarded(header)!.get(VISITOR)).toBe("u_header");
    const optedOut = await run(request("/", { cookie: "aid=u_cookie", "sec-gpc": "1" }), override);
    expect(optedOut?.headers.getSetCookie()).toEqual([]);
    expect(forwarded(optedOut)!.get("cookie")).toBe("custom=1");
    expect(forwarded(optedOut)!.get(VISITOR)).toBe("opted-out");
  });
});
