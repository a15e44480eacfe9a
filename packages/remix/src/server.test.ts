import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { data as rrData, redirect as rrRedirect } from "react-router";
import {
  getAidPayload,
  getAnonymousId,
  getContext,
  identify,
  init,
  millimetricLoadContext,
  millimetricLoader,
  millimetricMiddleware,
  millimetricRequestHandler,
  runWithContext,
  track,
  withMillimetric,
  type DataWithInit,
} from "./server";
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";

const KEY = "sk_test_abcdef12_secretsecretsecret";
const ID = /^u_[0-9a-f]{32}$/;
let ingest: Awaited<ReturnType<typeof startStubIngest>>;
let client: ReturnType<typeof init>;

beforeAll(async () => {
  ingest = await startStubIngest();
  client = init({ key: KEY, host: ingest.url, flushAt: 1000, flushIntervalMs: 20, pacing: false });
});
afterAll(async () => {
  await client.shutdown();
  await ingest.close();
});
afterEach(async () => {
  await client.flush(); // nothing from one test lands in the next one's window
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

// The id cookie itself; its mm_minted companion on a mint is asserted in "the mm_minted companion".
const aidOnly = (cookies: string[]) => cookies.filter((c) => !c.startsWith("mm_minted="));
// A browser's request (it sends Sec-Fetch-*): without a browser signal or an id, no
// visitor is invented (see the "no invented visitors" tests).
const BROWSER = { "sec-fetch-site": "same-origin", "sec-fetch-dest": "document" };
const req = (headers: Record<string, string> = {}, url = "http://app.test/") => new Request(url, { headers: { ...BROWSER, ...headers } });
// Shaped like React Router 7.18's loader/action args (url and pattern tell it from Remix 2,
// whose args are only { request, context, params }: see remixArgs below).
const args = (request: Request, context: object = {}) => ({ request, context, params: {}, url: new URL(request.url), pattern: "/" });
const setCookies = (headers: HeadersInit | null | undefined) => aidOnly(new Headers(headers ?? undefined).getSetCookie());
async function sent(from: number) {
  await client.flush();
  return ingest.events.slice(from).map(({ event, anonymous_id, user_id }) => ({ event, anonymous_id, user_id }));
}

describe("millimetricLoader", () => {
  it("first visit: mints, merges { millimetric } into the data and sends Set-Cookie as data()", async () => {
    const result = (await millimetricLoader(args(req()), () => ({ user: "ann" }))) as unknown as DataWithInit<{ user: string; millimetric: { id: string; minted: boolean } }>;
    expect(result.type).toBe("DataWithResponseInit");
    const { id } = result.data.millimetric;
    expect(id).toMatch(ID);
    expect(result.data).toEqual({ user: "ann", millimetric: { id, minted: true } });
    expect(setCookies(result.init?.headers)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
  });

  it("with a valid cookie: returns the plain data with the id and no cookie; works without a loader", async () => {
    expect(await millimetricLoader(args(req({ cookie: "aid=u_known" })), () => ({ a: 1 }))).toEqual({ a: 1, millimetric: { id: "u_known", minted: false } });
    expect(await millimetricLoader(args(req({ cookie: "aid=u_known" })))).toEqual({ millimetric: { id: "u_known", minted: false } });
  });

  it("a valid x-millimetric-anonymous-id header wins and leaves the cookie alone; a renamed cookie is reported; https sets Secure", async () => {
    const r = await millimetricLoader(args(req({ cookie: "mm=u_cookie", "x-millimetric-anonymous-id": "u_header" }, "https://app.test/")), { cookie: { name: "mm" } });
    // Core's row 4: the header is the page's own id (it keeps its cookie itself): no Set-Cookie.
    expect(r).toEqual({ millimetric: { id: "u_header", minted: false, cookie: "mm=; Path=/; Max-Age=31536000; SameSite=Lax" } });
    const first = (await millimetricLoader(args(req({}, "https://app.test/")), { cookie: { name: "mm" } })) as unknown as DataWithInit<{ millimetric: { id: string } }>;
    expect(setCookies(first.init?.headers)).toEqual([`mm=${first.data.millimetric.id}; Path=/; Max-Age=31536000; SameSite=Lax; Secure`]);
  });

  it.each([
    ["an XSS payload", "aid=</script><script>alert(1)</script>"],
    ["8 KB of junk", `aid=${"x".repeat(8192)}`],
    ["unicode", "aid=%E2%80%A8caf%C3%A9"],
    ["an empty value", "aid="],
  ])("replaces %s with a fresh id", async (_label, cookie) => {
    const r = (await millimetricLoader(args(req({ cookie })))) as unknown as DataWithInit<{ millimetric: { id: string; minted: boolean } }>;
    expect(r.data.millimetric.id).toMatch(ID);
    expect(r.data.millimetric.minted).toBe(true);
    expect(setCookies(r.init?.headers)[0]).toMatch(/^aid=u_[0-9a-f]{32};/);
  });

  it("how the cookie is set (domain, path, lifetime) reaches the browser in the payload, so its write-back replaces the cookie", async () => {
    const cookie = { domain: "example.com", path: "/shop", maxAge: 600 };
    const template = "aid=; Path=/shop; Max-Age=600; SameSite=Lax; Domain=example.com";
    expect(await millimetricLoader(args(req({ cookie: "aid=u_known" })), () => ({}), { cookie })).toEqual({
      millimetric: { id: "u_known", minted: false, cookie: template },
    });
    expect(getAidPayload(args(req({ cookie: "aid=u_known" })), { cookie })).toEqual({ id: "u_known", minted: false, cookie: template });
    expect(getAnonymousId(args(req({ cookie: "aid=u_known" })), { cookie })).toBe("u_known");
  });

  it("merges into React Router's data() and keeps its headers and status", async () => {
    const r = (await millimetricLoader(args(req()), () =>
      rrData({ a: 1 }, { status: 201, headers: { "X-A": "1", "Set-Cookie": "theme=dark; Path=/" } }),
    )) as unknown as DataWithInit<{ a: number; millimetric: { id: string } }>;
    const id = r.data.millimetric.id;
    expect(r.data).toEqual({ a: 1, millimetric: { id, minted: true } });
    expect(r.init?.status).toBe(201);
    const headers = new Headers(r.init?.headers);
    expect(headers.get("X-A")).toBe("1");
    expect(aidOnly(headers.getSetCookie())).toEqual(["theme=dark; Path=/", `aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
  });

  it("merges into a JSON Response (json()) and keeps its headers", async () => {
    const r = (await millimetricLoader(args(req()), () =>
      Response.json({ a: 1 }, { status: 200, headers: { "X-A": "1", "Cache-Control": "no-store" } }),
    )) as Response;
    const body = (await r.json()) as { a: number; millimetric: { id: string; minted: boolean } };
    expect(body).toEqual({ a: 1, millimetric: { id: body.millimetric.id, minted: true } });
    expect(r.headers.get("X-A")).toBe("1");
    expect(r.headers.get("Cache-Control")).toBe("no-store");
    expect(aidOnly(r.headers.getSetCookie())).toEqual([`aid=${body.millimetric.id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
  });

  it("adds the cookie to returned and thrown redirects (also immutable Response.redirect())", async () => {
    const returned = (await millimetricLoader(args(req()), () => rrRedirect("/login", { headers: { "X-A": "1" } }))) as Response;
    expect(returned.status).toBe(302);
    expect(returned.headers.get("Location")).toBe("/login");
    expect(returned.headers.get("X-A")).toBe("1");
    expect(aidOnly(returned.headers.getSetCookie())).toHaveLength(1);

    const immutable = (await millimetricLoader(args(req()), () => Response.redirect("http://app.test/x", 303))) as Response;
    expect(immutable.status).toBe(303);
    expect(aidOnly(immutable.headers.getSetCookie())[0]).toMatch(/^aid=u_/);

    const thrown = await millimetricLoader(args(req()), () => {
      throw rrRedirect("/login");
    }).catch((e: unknown) => e as Response);
    expect(thrown.status).toBe(302);
    expect(aidOnly(thrown.headers.getSetCookie())[0]).toMatch(/^aid=u_/);

    const thrownData = await millimetricLoader(args(req()), () => {
      throw rrData("nope", { status: 404 });
    }).catch((e: unknown) => e as DataWithInit<string>);
    expect(thrownData.init?.status).toBe(404);
    expect(setCookies(thrownData.init?.headers)[0]).toMatch(/^aid=u_/);

    const error = new Error("boom");
    await expect(
      millimetricLoader(args(req()), () => {
        throw error;
      }),
    ).rejects.toBe(error);
  });

  it("leaves non-object data alone (with a hint) and can answer JSON for Remix v2 classic", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const r = (await millimetricLoader(args(req()), () => [1, 2])) as unknown as DataWithInit<number[]>;
    expect(r.data).toEqual([1, 2]);
    expect(log.mock.calls[0]![0]).toMatch(/^\[millimetric\] millimetricLoader: the root loader's data is not an object/);

    const json = (await millimetricLoader(args(req()), () => ({ a: 1 }), { response: "json" })) as unknown as Response;
    expect(json.headers.get("Content-Type")).toMatch(/application\/json/);
    const body = (await json.json()) as { millimetric: { id: string } };
    expect(aidOnly(json.headers.getSetCookie())).toEqual([`aid=${body.millimetric.id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
  });

  it("runs the loader in the request context: plain track() carries the id, getUserId lazily", async () => {
    const from = ingest.events.length;
    const getUserId = vi.fn((_r: Request, ctx: unknown) => (ctx as { user?: string }).user);
    await millimetricLoader(
      args(req({ cookie: "aid=u_ctx" }), { user: "user_1" }),
      async () => {
        await new Promise((r) => setTimeout(r, 5));
        track({ event: "in_loader" });
        track({ event: "again" });
        return {};
      },
      { getUserId },
    );
    expect(getUserId).toHaveBeenCalledTimes(1);
    expect(await sent(from)).toEqual([
      { event: "in_loader", anonymous_id: "u_ctx", user_id: "user_1" },
      { event: "again", anonymous_id: "u_ctx", user_id: "user_1" },
    ]);
  });
});

describe("track(request | args, event) and identify()", () => {
  it("a first-visit wrapped action and the root loader share the minted id through the load context; its track(args)/identify(args) carry it", async () => {
    const from = ingest.events.length;
    const context = {};
    // React Router gives the action and each loader its own Request object, one context.
    const action = withMillimetric(async (a: ReturnType<typeof args>) => {
      track(a, { event: "signup" });
      identify(args(req(), context), { user_id: "user_9" });
      return { ok: true };
    });
    const acted = (await action(args(req(), context))) as unknown as DataWithInit<{ ok: boolean }>;
    const root = (await millimetricLoader(args(req(), context))) as unknown as DataWithInit<{ millimetric: { id: string; minted: boolean } }>;
    const { id, minted } = root.data.millimetric;
    expect(minted).toBe(true);
    // Both results carry the one cookie (the framework merges the action's and the loaders' headers).
    expect(setCookies(acted.init?.headers)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    expect(setCookies(root.init?.headers)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    expect(getAnonymousId(args(req(), context))).toBe(id);
    expect(getAidPayload(args(req(), context))).toEqual({ id, minted: true });
    expect(Object.keys(context)).toEqual([]); // stored out of sight
    expect(await sent(from)).toEqual([
      { event: "signup", anonymous_id: id, user_id: undefined },
      { event: "$identify", anonymous_id: id, user_id: "user_9" },
    ]);
  });

  it("no orphan ids: track(args)/track(request) never mint (nothing they return carries a cookie); a later owner mints, and calls after it share its id", async () => {
    const from = ingest.events.length;
    const context = {};
    // An unwrapped action that redirects: no loader runs after it, nothing would store a minted id.
    track(args(req(), context), { event: "before_owner" });
    expect(getAnonymousId(args(req(), context))).toBeUndefined();
    const request = req();
    track(request, { event: "bare_request" });
    const root = (await millimetricLoader(args(req(), context))) as unknown as DataWithInit<{ millimetric: { id: string } }>;
    const { id } = root.data.millimetric;
    expect(setCookies(root.init?.headers)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    track(args(req(), context), { event: "after_owner" });
    // The same Request object the owner saw: found in @millimetric/fetch's request registry.
    const seen = req();
    await millimetricLoader({ request: seen });
    const seenId = getAnonymousId(seen)!;
    expect(seenId).toMatch(ID);
    track(seen, { event: "same_request" });
    expect(await sent(from)).toEqual([
      { event: "before_owner", anonymous_id: undefined, user_id: undefined },
      { event: "bare_request", anonymous_id: undefined, user_id: undefined },
      { event: "after_owner", anonymous_id: id, user_id: undefined },
      { event: "same_request", anonymous_id: seenId, user_id: undefined },
    ]);
  });

  it("identify(args) on a visitor's first request no wrapper handles: it says why there is no id (development), skips it (production)", async () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(() => identify(args(req()), { user_id: "user_1" })).toThrow(/never mints one.*withMillimetric\(\)/);
    vi.stubEnv("NODE_ENV", "production");
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(identify(args(req()), { user_id: "user_1" })).toBeUndefined();
    expect(identify(args(req()), { user_id: "user_1", anonymous_id: "u_passed" })).toMatch(/^[0-9a-f]{32}$/);
  });

  it("the cookie is read with core's precedence", async () => {
    const from = ingest.events.length;
    track(req({ cookie: "x=1; aid=u_cookie" }), { event: "c" });
    track(req({ cookie: "aid=u_cookie" }), { event: "d", anonymous_id: "u_explicit" });
    track(req({ cookie: "aid=u_cookie", "x-millimetric-anonymous-id": "u_header" }), { event: "e" });
    expect((await sent(from)).map((e) => e.anonymous_id)).toEqual(["u_cookie", "u_explicit", "u_header"]);
  });

  it("plain track()/identify() outside any request: an error in development, one log line in production", async () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(() => track({ event: "orphan" })).toThrow(/call track\(request, …\)/);
    expect(() => identify({ user_id: "u" })).toThrow(expect.objectContaining({ code: "missing_context" }));
    vi.stubEnv("NODE_ENV", "production");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const from = ingest.events.length;
    track({ event: "orphan_1" });
    track({ event: "orphan_2" });
    expect(identify({ user_id: "u" })).toBeUndefined();
    expect((await sent(from)).map((e) => e.event)).toEqual(["orphan_1", "orphan_2"]);
    expect(log).toHaveBeenCalledTimes(2);
    // With explicit ids there is nothing to complain about.
    vi.stubEnv("NODE_ENV", "development");
    expect(track({ event: "webhook", user_id: "user_1" })).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("request-scope wrappers", () => {
  it("withMillimetric: plain track() in an action; a first visit's plain result becomes data() with the cookie", async () => {
    const from = ingest.events.length;
    const action = withMillimetric(async () => {
      await Promise.resolve();
      track({ event: "wrapped" });
      return { ok: true };
    });
    const first = (await action(args(req()))) as unknown as DataWithInit<{ ok: boolean }>;
    expect(first.data).toEqual({ ok: true });
    const id = setCookies(first.init?.headers)[0]!.slice(4).split(";")[0];
    expect(await action(args(req({ cookie: "aid=u_back" })))).toEqual({ ok: true });
    expect(await sent(from)).toEqual([
      { event: "wrapped", anonymous_id: id, user_id: undefined },
      { event: "wrapped", anonymous_id: "u_back", user_id: undefined },
    ]);
  });

  it("millimetricMiddleware: loaders below run in context; the cookie is added once", async () => {
    const from = ingest.events.length;
    const middleware = millimetricMiddleware();
    const context = {};
    const res = await middleware(args(req(), context), async () => {
      track({ event: "below" });
      const root = (await millimetricLoader(args(req(), context))) as unknown as DataWithInit<unknown>;
      // The router copies the loader's Set-Cookie onto the document response.
      return new Response("ok", { headers: new Headers(root.init?.headers) });
    });
    const cookies = aidOnly(res.headers.getSetCookie());
    expect(cookies).toHaveLength(1);
    const id = cookies[0]!.slice(4).split(";")[0];
    expect(await sent(from)).toEqual([{ event: "below", anonymous_id: id, user_id: undefined }]);
  });

  it("millimetricRequestHandler: 300 concurrent requests with random delays keep their own ids", async () => {
    const from = ingest.events.length;
    const handler = millimetricRequestHandler(async (request: Request) => {
      await new Promise((r) => setTimeout(r, Math.random() * 10));
      track({ event: "handled", properties: { n: Number(new URL(request.url).searchParams.get("n")) } });
      return new Response(getContext()?.anonymous_id ?? "");
    });
    const N = 300;
    const responses = await Promise.all(
      Array.from({ length: N }, (_, n) => handler(req(n % 10 ? { cookie: `aid=u_h${n}` } : {}, `http://app.test/?n=${n}`))),
    );
    const bodies = await Promise.all(responses.map((r) => r.text()));
    responses.forEach((r, n) => {
      if (n % 10) expect(aidOnly(r.headers.getSetCookie())).toEqual([]);
      else expect(aidOnly(r.headers.getSetCookie())).toEqual([`aid=${bodies[n]}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    });
    await client.flush();
    const events = ingest.events.slice(from);
    expect(events).toHaveLength(N);
    for (const e of events) {
      const n = (e.properties as { n: number }).n;
      expect(e.anonymous_id).toBe(n % 10 ? `u_h${n}` : bodies[n]);
    }
  });

  it("millimetricLoadContext: resolves once per request from a Web Request, { request } or a Node req", async () => {
    const user = vi.fn((_request: Request) => ({ app: "ctx" }));
    // The router hands loaders copies of the request: same headers, other objects.
    const fromWeb = await millimetricLoadContext(user)(req({ cookie: "aid=u_web" }));
    expect(fromWeb).toEqual({ app: "ctx" });
    expect(getAnonymousId({ request: req({ cookie: "aid=u_web" }), context: fromWeb })).toBe("u_web");

    // Without a Node response there is nothing to write the cookie to: nothing is minted.
    const fromCloudflare = await millimetricLoadContext()({ request: req() });
    expect(getAnonymousId({ request: req(), context: fromCloudflare })).toBeUndefined();

    const nodeReq = { headers: { cookie: "aid=<x>", host: "app.test", "sec-fetch-dest": "document" }, url: "/", secure: true, method: "POST" };
    const headers: Record<string, string | string[]> = { "set-cookie": "session=1" };
    const nodeRes = { getHeader: (name: string) => headers[name], setHeader: (name: string, value: string[]) => void (headers[name] = value) };
    const fromNode = await millimetricLoadContext((r: typeof nodeReq, _res: typeof nodeRes) => ({ path: r.url }))(nodeReq, nodeRes);
    // On the Node response at once (Secure: the https Node request), so a redirecting action's response carries it too.
    const id = getAnonymousId(args(req({ cookie: "aid=<x>" }), fromNode))!;
    expect(id).toMatch(ID);
    expect(headers["set-cookie"]).toEqual(["session=1", `aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax; Secure`, `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax; Secure`]);
    const from = ingest.events.length;
    track(args(req({ cookie: "aid=<x>" }), fromNode), { event: "first_post" });
    // The root loader shares it and adds no second cookie.
    const root = await millimetricLoader(args(req({ cookie: "aid=<x>" }), fromNode));
    expect(root).toEqual({ millimetric: { id, minted: true } });
    expect(await sent(from)).toEqual([{ event: "first_post", anonymous_id: id, user_id: undefined }]);
  });

  it("adopts the id of another adapter already in context (e.g. @millimetric/express in front) without a second cookie", async () => {
    const r = await runWithContext({ anonymous_id: "u_from_express" }, () => millimetricLoader(args(req())));
    expect(r).toEqual({ millimetric: { id: "u_from_express", minted: false } });
    // An id that adapter minted on this request is reported as minted, so the browser's own id wins.
    const minted = await runWithContext({ anonymous_id: "u_minted_by_express", minted: true }, () => millimetricLoader(args(req())));
    expect(minted).toEqual({ millimetric: { id: "u_minted_by_express", minted: true } });
  });
});

describe("cookie options are checked when a wrapper is created (contract row 17)", () => {
  it.each([
    ["cookie.name", { name: "a;b" }],
    ["cookie.path", { path: "/x\r\nSet-Cookie: y=1" }],
    ["cookie.domain", { domain: "example.com; Secure" }],
  ])("%s: withMillimetric, millimetricMiddleware and millimetricRequestHandler throw, naming it", (option, cookie) => {
    expect(() => withMillimetric(() => null, { cookie })).toThrow(option);
    expect(() => millimetricMiddleware({ cookie })).toThrow(option);
    expect(() => millimetricRequestHandler(() => new Response("ok"), { cookie })).toThrow(option);
  });
});

describe("a context object shared by requests (module singleton, Bun's server object)", () => {
  type Root = { millimetric: { id: string; minted: boolean; cookie?: string } };
  const idOf = async (r: unknown) => ((r as DataWithInit<Root>).data ?? (r as Root)).millimetric;
  const cookiesOf = (r: unknown) => setCookies((r as DataWithInit<unknown>).init?.headers);

  it("getLoadContext: () => appContext never hands visitor A's id (or cookie) to visitor B", async () => {
    const from = ingest.events.length;
    const appContext = { db: "shared" };
    const first = await millimetricLoader(args(req(), appContext));
    const a = await idOf(first);
    expect(a.minted).toBe(true);
    expect(cookiesOf(first)).toEqual([`aid=${a.id}; Path=/; Max-Age=31536000; SameSite=Lax`]);

    const b = req({ cookie: "aid=u_visitorB" });
    const second = await millimetricLoader(args(b, appContext));
    expect(second).toEqual({ millimetric: { id: "u_visitorB", minted: false } }); // no Set-Cookie at all
    track(args(req({ cookie: "aid=u_visitorB" }), appContext), { event: "b_action" });
    expect(getAidPayload(args(req({ cookie: "aid=u_visitorB" }), appContext))).toEqual({ id: "u_visitorB", minted: false });

    // A later cookieless first visit gets an id of its own, not A's.
    const third = await millimetricLoader(args(req(), appContext));
    const c = await idOf(third);
    expect(c.minted).toBe(true);
    expect(c.id).not.toBe(a.id);
    expect(cookiesOf(third)).toEqual([`aid=${c.id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    expect(await sent(from)).toEqual([{ event: "b_action", anonymous_id: "u_visitorB", user_id: undefined }]);
  });

  it("millimetricLoadContext(() => appContext): a reused context is detected on the next request, even cookieless", async () => {
    const appContext = {};
    const getLoadContext = millimetricLoadContext((_request: Request) => appContext);
    const a = await idOf(await millimetricLoader(args(req(), await getLoadContext(req()))));
    const b = await millimetricLoader(args(req({ cookie: "aid=u_visitorB" }), await getLoadContext(req({ cookie: "aid=u_visitorB" }))));
    expect(b).toEqual({ millimetric: { id: "u_visitorB", minted: false } });
    const c = await idOf(await millimetricLoader(args(req(), await getLoadContext(req()))));
    expect(c.minted).toBe(true);
    expect(c.id).not.toBe(a.id);
  });

  it("millimetricRequestHandler under Bun.serve (one server object passed to every request): each request keeps its own id", async () => {
    const from = ingest.events.length;
    const bunServer = { port: 3000, upgrade() {} };
    // Like createRequestHandler(build): the second argument becomes every loader's context,
    // and each loader gets its own copy of the request.
    const handler = millimetricRequestHandler(async (request: Request, server: object) => {
      const copy = () => new Request(request.url, { headers: request.headers });
      track(args(copy(), server), { event: "loader" });
      const root = await millimetricLoader(args(copy(), server));
      const { id } = await idOf(root);
      return new Response(id, { headers: new Headers((root as unknown as DataWithInit<unknown>).init?.headers) });
    });
    const first = await handler(req(), bunServer);
    const a = await first.text();
    expect(a).toMatch(ID);
    expect(aidOnly(first.headers.getSetCookie())).toEqual([`aid=${a}; Path=/; Max-Age=31536000; SameSite=Lax`]);

    const second = await handler(req({ cookie: "aid=u_visitorB" }), bunServer);
    expect(await second.text()).toBe("u_visitorB");
    expect(aidOnly(second.headers.getSetCookie())).toEqual([]);

    const third = await handler(req(), bunServer);
    const c = await third.text();
    expect(c).toMatch(ID);
    expect(c).not.toBe(a);
    expect(aidOnly(third.headers.getSetCookie())).toEqual([`aid=${c}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    expect((await sent(from)).map((e) => e.anonymous_id)).toEqual([a, "u_visitorB", c]);
  });
});

describe("track(args, …)/identify(args, …)/getAnonymousId(args) with the root loader's options", () => {
  it("a helper called first with default options does not decide the root loader's id or cookie name", async () => {
    const from = ingest.events.length;
    const options = { cookie: { name: "mm_aid" } };
    const context = {};
    const request = () => req({ cookie: "mm_aid=u_existing" });
    // The action runs before the loaders; this call forgets the options.
    track(args(request(), context), { event: "forgot_options" });
    track(args(request(), context), { event: "signup" }, options);
    identify(args(request(), context), { user_id: "user_7" }, options);
    const template = "mm_aid=; Path=/; Max-Age=31536000; SameSite=Lax";
    expect(getAidPayload(args(request(), context), options)).toEqual({ id: "u_existing", minted: false, cookie: template });
    expect(getAnonymousId(args(request(), context), options)).toBe("u_existing");
    const root = await millimetricLoader(args(request(), context), options);
    // No id minted and no cookie written: mm_aid=u_existing was sent.
    expect(root).toEqual({ millimetric: { id: "u_existing", minted: false, cookie: template } });
    const events = await sent(from);
    expect(events.slice(1)).toEqual([
      { event: "signup", anonymous_id: "u_existing", user_id: undefined },
      { event: "$identify", anonymous_id: "u_existing", user_id: "user_7" },
    ]);
    expect(events[0]!.anonymous_id).toBeUndefined(); // read from the (absent) aid cookie, and never minted
  });

  it("the options' getUserId gives track(args, …) its user_id", async () => {
    const from = ingest.events.length;
    track(args(req({ cookie: "aid=u_known" }), { user: "user_3" }), { event: "with_user" }, {
      getUserId: (_request, context) => (context as { user: string }).user,
    });
    expect(await sent(from)).toEqual([{ event: "with_user", anonymous_id: "u_known", user_id: "user_3" }]);
  });
});

describe("the mm_minted companion and no invented visitors (the id rule of @millimetric/fetch)", () => {
  const server = (headers: Record<string, string> = {}) => new Request("http://app.test/webhooks/stripe", { method: "POST", headers });

  it("a minted id also sets mm_minted=<the same id> for five minutes; a known id sets neither", async () => {
    const first = (await millimetricLoader(args(req()))) as unknown as DataWithInit<{ millimetric: { id: string } }>;
    const { id } = first.data.millimetric;
    expect(new Headers(first.init?.headers ?? undefined).getSetCookie()).toEqual([
      `aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`,
      `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax`,
    ]);
    const again = await millimetricLoader(args(req({ cookie: `aid=${id}` })));
    expect(again).toEqual({ millimetric: { id, minted: false } });
  });

  it("a webhook (no cookie, no browser signal) gets no id, no cookie and its events no anonymous_id", async () => {
    const from = ingest.events.length;
    const handler = millimetricRequestHandler(async (request) => {
      track({ event: "payment_succeeded", user_id: "u_42" });
      return new Response(JSON.stringify([getAnonymousId(request) ?? null, getAnonymousId() ?? null]));
    });
    const res = await handler(server({ "content-type": "application/json" }));
    expect(await res.text()).toBe("[null,null]");
    expect(res.headers.getSetCookie()).toEqual([]);
    const action = withMillimetric(async ({ request }: { request: Request }) => {
      track(request, { event: "refund", user_id: "u_42" });
      return { ok: true };
    });
    expect(await action(args(server()))).toEqual({ ok: true });
    expect(await millimetricLoader(args(server()))).toEqual({ millimetric: null });
    expect(await sent(from)).toEqual([
      { event: "payment_succeeded", anonymous_id: undefined, user_id: "u_42" },
      { event: "refund", anonymous_id: undefined, user_id: "u_42" },
    ]);
  });

  it("identify() for a webhook says why there is no anonymous_id (development)", async () => {
    const handler = millimetricRequestHandler(async (request) => {
      identify(request, { user_id: "u_42" });
      return new Response("ok");
    });
    await expect(handler(server())).rejects.toThrow(/identify\(\) needs an anonymous_id.*isVisitorRequest/);
  });

  it("isVisitorRequest overrides the rule; a request with a valid cookie keeps its id whatever it says", async () => {
    const options = { isVisitorRequest: (request: Request) => !new URL(request.url).pathname.startsWith("/webhooks/") };
    const apiCall = new Request("http://app.test/api/ping");
    const minted = (await millimetricLoader(args(apiCall), options)) as unknown as DataWithInit<{ millimetric: { id: string } }>;
    expect(minted.data.millimetric.id).toMatch(ID);
    expect(await millimetricLoader(args(server({ "sec-fetch-dest": "document" })), options)).toEqual({ millimetric: null });
    expect(await millimetricLoader(args(server({ cookie: "aid=u_known" })), options)).toEqual({ millimetric: { id: "u_known", minted: false } });
  });
});
