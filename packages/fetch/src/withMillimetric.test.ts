// withMillimetric and the helpers below it, called the way every runtime calls a fetch
// handler (a Request in, a Response out), against the real ingest server.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startRealIngest, type RealIngest } from "../test/realIngest";
import {
  aidScript,
  createRequestScope,
  findMillimetric,
  flush,
  getAnonymousId,
  identify,
  MillimetricClient,
  MillimetricError,
  millimetricOf,
  shutdown,
  track,
  withMillimetric,
  type MillimetricFetchOptions,
} from "./index";

const ID = /^u_[0-9a-f]{32}$/;
const BROWSER = { accept: "text/html,application/xhtml+xml", "sec-fetch-site": "none" };
let ingest: RealIngest;

beforeAll(async () => {
  ingest = await startRealIngest();
});
afterAll(async () => {
  await shutdown();
  await ingest?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Client options on the real ingest; batching held back so only a flush delivers. */
const held = (): MillimetricFetchOptions => ({ key: ingest.server.keys.secret, host: ingest.url, flushAt: 1000, flushIntervalMs: 60_000 });
const page = (request: Request) =>
  new Response(`<head>${aidScript({ nonce: "n-1" })}</head>${getAnonymousId() ?? "none"}|${millimetricOf(request).anonymousId ?? "none"}|${request.headers.get("cookie")}`);
const setCookies = (res: Response) => res.headers.getSetCookie();
const cookieValue = (res: Response, name = "aid") => setCookies(res).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1).split(";")[0];

describe("the id contract", () => {
  it("mints for a browser's first request: aid + mm_minted cookies, window.__aid, the forwarded Cookie header, after awaits", async () => {
    const handler = withMillimetric(async (request: Request) => {
      await sleep(2);
      return page(request);
    });
    const res = await handler(new Request("http://app.test/", { headers: { ...BROWSER, cookie: "theme=dark" } }));
    const id = cookieValue(res)!;
    expect(id).toMatch(ID);
    expect(setCookies(res)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`, `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax`]);
    expect(await res.text()).toBe(`<head><script nonce="n-1">window.__aid={"id":"${id}","minted":true};</script></head>${id}|${id}|theme=dark; aid=${id}`);
  });

  it("keeps a returning visitor's id: no Set-Cookie, minted false", async () => {
    const res = await withMillimetric(page)(new Request("http://app.test/", { headers: { cookie: "aid=u_returning; theme=dark" } }));
    expect(setCookies(res)).toEqual([]);
    expect(await res.text()).toBe('<head><script nonce="n-1">window.__aid={"id":"u_returning","minted":false};</script></head>u_returning|u_returning|aid=u_returning; theme=dark');
  });

  it("marks both cookies Secure on https (the URL, or X-Forwarded-Proto), and honours cookie options in the script", async () => {
    const viaUrl = await withMillimetric(page)(new Request("https://app.test/", { headers: BROWSER }));
    expect(setCookies(viaUrl).every((c) => c.endsWith("; Secure"))).toBe(true);
    const viaProxy = await withMillimetric(page, { cookie: { name: "mm_id", domain: "app.test", maxAge: 60 } })(
      new Request("http://app.test/", { headers: { ...BROWSER, "x-forwarded-proto": "https" } }),
    );
    const id = cookieValue(viaProxy, "mm_id");
    expect(setCookies(viaProxy)).toEqual([
      `mm_id=${id}; Path=/; Max-Age=60; SameSite=Lax; Domain=app.test; Secure`,
      `mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax; Domain=app.test; Secure`,
    ]);
    expect(await viaProxy.text()).toContain(`window.__aid={"id":"${id}","minted":true,"cookie":"mm_id=; Path=/; Max-Age=60; SameSite=Lax; Domain=app.test"};`);
  });

  it("prefers a valid x-millimetric-anonymous-id header over the cookie (leaving the cookie alone), and ignores an invalid one", async () => {
    const handler = withMillimetric(page);
    const viaHeader = await handler(new Request("http://app.test/", { headers: { cookie: "aid=u_cookie", "x-millimetric-anonymous-id": "u_header" } }));
    // The header is the page's own id: the cookie is left as it is (contract row 4).
    expect(setCookies(viaHeader)).toEqual([]);
    expect(await viaHeader.text()).toContain("u_header|u_header|aid=u_cookie");
    const invalid = await handler(new Request("http://app.test/", { headers: { cookie: "aid=u_cookie", "x-millimetric-anonymous-id": "<script>" } }));
    expect(setCookies(invalid)).toEqual([]);
    expect(await invalid.text()).toContain("u_cookie|u_cookie");
  });

  it("replaces a hostile or duplicated cookie and never echoes it", async () => {
    const handler = withMillimetric(page);
    const hostile = await handler(new Request("http://app.test/", { headers: { ...BROWSER, cookie: `aid=${encodeURIComponent("</script><script>alert(1)</script>")}` } }));
    const id = cookieValue(hostile);
    expect(id).toMatch(ID);
    const html = await hostile.text();
    expect(html).not.toContain("alert");
    expect(html).toContain(`|aid=${id}`);
    const twice = await handler(new Request("http://app.test/", { headers: { cookie: "aid=<bad>; aid=u_second" } }));
    expect(setCookies(twice)).toEqual(["aid=u_second; Path=/; Max-Age=31536000; SameSite=Lax"]);
  });

  it("invents no visitor for a request without an id and without a browser signal (a webhook)", async () => {
    const seen: unknown[] = [];
    const handler = withMillimetric(
      (request: Request) => {
        seen.push(aidScript(), getAnonymousId(), millimetricOf(request).anonymousId, millimetricOf(request).minted);
        track({ event: "webhook_unit", user_id: "u-webhook" });
        return new Response("ok");
      },
      { key: ingest.server.keys.secret, host: ingest.url },
    );
    const res = await handler(new Request("http://app.test/hooks/stripe", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }));
    expect(setCookies(res)).toEqual([]);
    expect(seen).toEqual(["", undefined, undefined, false]);
    await flush();
    const events = await ingest.waitFor({ user_id: "u-webhook" }, (e) => e.length === 1);
    expect(events[0]?.anonymous_id).toBeNull();
  });

  it("isVisitorRequest decides for requests without an id; one that throws costs the id, not the request", async () => {
    const always = await withMillimetric(page, { isVisitorRequest: () => true })(new Request("http://app.test/"));
    expect(cookieValue(always)).toMatch(ID);
    const never = await withMillimetric(page, { isVisitorRequest: () => false })(new Request("http://app.test/", { headers: BROWSER }));
    expect(setCookies(never)).toEqual([]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const throwing = await withMillimetric(page, {
      isVisitorRequest: () => {
        throw new Error("boom");
      },
    })(new Request("http://app.test/", { headers: BROWSER }));
    expect(throwing.status).toBe(200);
    expect(setCookies(throwing)).toEqual([]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("[millimetric] isVisitorRequest threw (Error: boom)"));
  });
});

describe("responses", () => {
  it("adds the cookies to a response with immutable headers (Response.redirect) by copying it", async () => {
    const res = await withMillimetric(() => Response.redirect("http://app.test/next", 302))(new Request("http://app.test/", { headers: BROWSER }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://app.test/next");
    expect(setCookies(res)).toHaveLength(2);
  });

  it("passes through what is no Response (Bun's undefined after a WebSocket upgrade), and a handler's error", async () => {
    expect(await withMillimetric((): undefined => undefined)(new Request("http://app.test/", { headers: BROWSER }))).toBeUndefined();
    const failing = withMillimetric(() => {
      throw new Error("handler failed");
    });
    await expect(failing(new Request("http://app.test/"))).rejects.toThrow("handler failed");
  });

  it("refuses a first argument that is no handler, with the fix", () => {
    expect(() => withMillimetric({ key: "sk_x" } as never)).toThrow(/\[millimetric\] withMillimetric\(handler, options\) takes your fetch handler first/);
    expect(() => withMillimetric({ key: "sk_x" } as never)).toThrow(
      expect.toSatisfy((err) => err instanceof MillimetricError && err instanceof TypeError && (err as MillimetricError).code === "invalid_argument"),
    );
  });
});

describe("delivery after the response", () => {
  it("hands the flush to the Workers ctx.waitUntil (third argument): the held-back event is delivered by it", async () => {
    const waited: Array<Promise<unknown>> = [];
    const ctx = {
      waitUntil(this: unknown, promise: Promise<unknown>) {
        // Workers require the call on ctx itself.
        expect(this).toBe(ctx);
        waited.push(promise);
      },
    };
    const handler = withMillimetric(async (_request: Request, _env: unknown, _ctx: typeof ctx) => {
      track({ event: "wait_until_ctx" });
      return new Response("ok");
    }, held());
    const res = await handler(new Request("http://app.test/", { headers: BROWSER }), {}, ctx);
    const id = cookieValue(res)!;
    expect(waited).toHaveLength(1);
    await waited[0];
    const events = await ingest.waitFor({ anonymous_id: id }, (e) => e.length === 1);
    expect(events[0]?.event).toBe("wait_until_ctx");
  });

  it("uses the waitUntil option (Vercel functions) before a ctx argument, and after a failing handler too", async () => {
    const fromOption: Array<Promise<unknown>> = [];
    const ctx = { waitUntil: vi.fn() };
    const handler = withMillimetric(
      (_request: Request, _env: unknown, _ctx: typeof ctx) => {
        track({ event: "wait_until_option" });
        throw new Error("after tracking");
      },
      { ...held(), waitUntil: (p) => fromOption.push(p) },
    );
    await expect(handler(new Request("http://app.test/", { headers: { cookie: "aid=u_wait_option" } }), {}, ctx)).rejects.toThrow("after tracking");
    expect(ctx.waitUntil).not.toHaveBeenCalled();
    expect(fromOption).toHaveLength(1);
    await fromOption[0];
    await ingest.waitFor({ anonymous_id: "u_wait_option" }, (e) => e.length === 1);
  });

  it("creates no client just to flush: no key, no track, no waitUntil call and no error", async () => {
    const ctx = { waitUntil: vi.fn() };
    const res = await withMillimetric((_request: Request, _env: unknown, _ctx: unknown) => new Response("ok"), { flushAt: 10 })(new Request("http://app.test/"), {}, ctx);
    expect(res.status).toBe(200);
    expect(ctx.waitUntil).not.toHaveBeenCalled();
  });

  it("creates the client from a Worker's env (the handler's second argument) when process.env has no key", async () => {
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "");
    vi.stubEnv("MILLIMETRIC_HOST", "");
    const waited: Array<Promise<unknown>> = [];
    const handler = withMillimetric(async (request: Request, _env: unknown, _ctx: unknown) => {
      millimetricOf(request).track({ event: "from_env_explicit" });
      track({ event: "from_env_plain" });
      return new Response("ok");
    });
    const env = { MILLIMETRIC_SECRET_KEY: ingest.server.keys.secret, MILLIMETRIC_HOST: ingest.url };
    await handler(new Request("http://app.test/", { headers: { cookie: "aid=u_from_env" } }), env, { waitUntil: (p: Promise<unknown>) => waited.push(p) });
    await Promise.all(waited);
    const events = await ingest.waitFor({ anonymous_id: "u_from_env" }, (e) => e.length === 2);
    expect(events.map((e) => e.event).sort()).toEqual(["from_env_explicit", "from_env_plain"]);
  });
});

describe("request context", () => {
  it("resolves getUserId lazily, once, and only when an event needs it", async () => {
    const getUserId = vi.fn(() => "user-42");
    const quiet = withMillimetric(() => new Response("ok"), { ...held(), getUserId });
    await quiet(new Request("http://app.test/", { headers: BROWSER }));
    expect(getUserId).not.toHaveBeenCalled();
    const tracking = withMillimetric(async () => {
      track({ event: "with_user_1" });
      await sleep(1);
      track({ event: "with_user_2" });
      return new Response("ok");
    }, { ...held(), getUserId });
    await tracking(new Request("http://app.test/", { headers: { cookie: "aid=u_with_user" } }));
    await flush();
    const events = await ingest.waitFor({ anonymous_id: "u_with_user" }, (e) => e.length === 2);
    expect(events.every((e) => e.user_id === "user-42")).toBe(true);
    expect(getUserId).toHaveBeenCalledTimes(1);
  });

  it("identify() links the request's id; in a webhook it throws in development, naming the fix", async () => {
    const handler = withMillimetric(() => {
      identify({ user_id: "user-identify" });
      return new Response("ok");
    }, held());
    await handler(new Request("http://app.test/", { headers: { cookie: "aid=u_identify" } }));
    await expect(handler(new Request("http://app.test/hooks"))).rejects.toThrow(/\[millimetric\] identify\(\) needs an anonymous_id, and this request has none/);
    await flush();
    const [event] = await ingest.waitFor({ anonymous_id: "u_identify" }, (e) => e.length === 1);
    expect(event).toMatchObject({ event: "$identify", user_id: "user-identify" });
  });

  it("millimetricOf(request) attaches its own request's id from a callback another request triggers", async () => {
    const listeners: Array<() => void> = [];
    const handler = withMillimetric(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === "/register") listeners.push(() => millimetricOf(request).track({ event: "callback_event" }));
      else listeners.forEach((l) => l());
      return new Response("ok");
    }, held());
    await handler(new Request("http://app.test/register", { headers: { cookie: "aid=u_registered" } }));
    await handler(new Request("http://app.test/trigger", { headers: { cookie: "aid=u_trigger" } }));
    await flush();
    await ingest.waitFor({ anonymous_id: "u_registered" }, (e) => e.length === 1);
    expect(await ingest.query({ anonymous_id: "u_trigger" })).toEqual([]);
  });

  it("is loud in development outside a request: track(), identify(), aidScript() and millimetricOf() throw with the fix; getAnonymousId() is undefined", () => {
    expect(() => track({ event: "outside" })).toThrow(MillimetricError);
    expect(() => track({ event: "outside" })).toThrow(/outside a request handled by withMillimetric\(\).*withMillimetric\(app\.fetch\)/);
    expect(() => identify({ user_id: "u" })).toThrow(/identify\(\) was called outside a request/);
    expect(() => aidScript()).toThrow(/aidScript\(\) was called outside a request.*millimetricOf\(request\)\.aidScript\(\)/);
    expect(() => millimetricOf(new Request("http://app.test/"))).toThrow(/did not go through withMillimetric\(\)/);
    expect(getAnonymousId()).toBeUndefined();
  });

  it("in production logs once instead of throwing, and still sends an event with ids of its own", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const client = new MillimetricClient({ key: ingest.server.keys.secret, host: ingest.url });
    withMillimetric(() => new Response(), { client });
    expect(aidScript()).toBe("");
    expect(millimetricOf(new Request("http://app.test/")).anonymousId).toBeUndefined();
    expect(track({ event: "prod_outside", user_id: "u-prod" })).toMatch(/.+/);
    expect(errors).toHaveBeenCalled();
    await flush();
    await ingest.waitFor({ user_id: "u-prod" }, (e) => e.length === 1);
  });
});

describe("createRequestScope (for adapters and hooks)", () => {
  it("runs the wrapper's steps one at a time, as a SvelteKit handle hook would", async () => {
    const scope = createRequestScope(held());
    const locals = { user: { id: "kit-user" } };
    const waited: Array<Promise<unknown>> = [];
    const handle = async (request: Request, resolve: (request: Request) => Promise<Response>) => {
      const entered = scope.enter(request, { getUserId: () => locals.user.id, waitUntil: (p) => waited.push(p) });
      try {
        return entered.withCookies(await entered.run(() => resolve(entered.request)));
      } finally {
        entered.afterResponse();
      }
    };
    const res = await handle(new Request("http://app.test/", { headers: BROWSER }), async (request) => {
      await sleep(1);
      // An adapter's helper finds the scope's visitor from the request or the context.
      expect(findMillimetric(request)).toBe(findMillimetric());
      expect(findMillimetric(request)?.minted).toBe(true);
      track({ event: "kit_page" });
      return new Response(`${aidScript()}|${request.headers.get("cookie")}`);
    });
    const id = cookieValue(res)!;
    expect(setCookies(res)).toHaveLength(2);
    expect(findMillimetric(new Request("http://app.test/"))).toBeUndefined();
    expect(await res.text()).toBe(`<script>window.__aid={"id":"${id}","minted":true};</script>|aid=${id}`);
    await Promise.all(waited);
    const events = await ingest.waitFor({ anonymous_id: id }, (e) => e.length === 1);
    expect(events[0]).toMatchObject({ event: "kit_page", user_id: "kit-user" });
  });
});

describe("flush() and shutdown()", () => {
  it("flush() delivers what every wrapper's client holds", async () => {
    const a = withMillimetric(() => {
      track({ event: "flush_a" });
      return new Response();
    }, held());
    const b = withMillimetric(() => {
      track({ event: "flush_b" });
      return new Response();
    }, held());
    await a(new Request("http://app.test/", { headers: { cookie: "aid=u_flush_all" } }));
    await b(new Request("http://app.test/", { headers: { cookie: "aid=u_flush_all" } }));
    await flush();
    expect((await ingest.query({ anonymous_id: "u_flush_all" })).map((e) => e.event).sort()).toEqual(["flush_a", "flush_b"]);
  });
});
