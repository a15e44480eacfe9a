import { MillimetricClient } from "@millimetric/track-node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startStubIngest } from "../test/stubIngest";

// Next's request APIs, as a route handler or server component sees them: `headers()`
// resolves to the request's headers (one object per request) or throws outside a
// request, and `after()` queues a task for after the response.
const next = vi.hoisted(() => ({
  request: undefined as Headers | Error | undefined,
  after: [] as Array<() => Promise<unknown>>,
}));
vi.mock("next/headers", () => ({
  headers: async () => {
    if (next.request instanceof Error) throw next.request;
    if (!next.request) throw new Error("`headers` was called outside a request scope.");
    return next.request;
  },
}));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  after: vi.fn((task: () => Promise<unknown>) => void next.after.push(task)),
}));

const { configureMillimetric, getAnonymousId, identify, track, MillimetricError } = await import("./server");

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
beforeAll(async () => void (ingest = await startStubIngest()));
afterAll(() => ingest.close());

/** A request as withMillimetric() forwards it. */
const request = (headers: Record<string, string> = {}) => (next.request = new Headers(headers));
/** Runs the after() tasks: what Next does once the response is sent. */
const respond = async () => {
  const tasks = next.after.splice(0);
  await Promise.all(tasks.map((t) => t()));
  return tasks.length;
};
const sent = (name: string) => ingest.received.filter((r) => r.event.event === name).map((r) => r.event);

beforeEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("millimetric.next.server")];
  configureMillimetric({ client: new MillimetricClient({ key: "sk_test_f6589a94_unit", host: ingest.url }) });
  next.request = undefined;
  next.after.length = 0;
  ingest.received.length = 0;
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("track()", () => {
  it("adds the request's visitor id and flushes once per request, after the response", async () => {
    request({ cookie: "theme=dark; aid=u_visitor" });
    const ids = [await track({ event: "a" }), await track({ event: "b" }), await track({ event: "c" })];
    expect(next.after).toHaveLength(1);
    request({ cookie: "aid=u_other" });
    await track({ event: "d" });
    expect(next.after).toHaveLength(2);

    expect(await respond()).toBe(2);
    expect(ingest.received.map((r) => [r.event.event, r.event.anonymous_id])).toEqual([
      ["a", "u_visitor"],
      ["b", "u_visitor"],
      ["c", "u_visitor"],
      ["d", "u_other"],
    ]);
    expect(ingest.received.slice(0, 3).map((r) => r.event.event_id)).toEqual(ids);
    expect(ingest.received[0]!.auth).toBe("Bearer sk_test_f6589a94_unit");
  });

  it("uses an id minted on this request, and a valid x-millimetric-anonymous-id header", async () => {
    request({ cookie: "aid=u_minted_now", "x-millimetric-visitor": "u_minted_now;minted" });
    await track({ event: "first" });
    request({ cookie: "aid=u_cookie", "x-millimetric-anonymous-id": "u_header" });
    await track({ event: "second" });
    await respond();
    expect(sent("first")[0]!.anonymous_id).toBe("u_minted_now");
    expect(sent("second")[0]!.anonymous_id).toBe("u_header");
  });

  it("keeps ids the event already has", async () => {
    request({ cookie: "aid=u_visitor" });
    const getUserId = vi.fn(() => "from_resolver");
    configureMillimetric({ getUserId, client: new MillimetricClient({ key: "sk_test_f6589a94_unit", host: ingest.url }) });
    await track({ event: "webhook", anonymous_id: "u_explicit", user_id: "user_explicit" });
    await respond();
    expect(sent("webhook")[0]).toMatchObject({ anonymous_id: "u_explicit", user_id: "user_explicit" });
    expect(getUserId).not.toHaveBeenCalled();
  });

  it("adds the user id from getUserId", async () => {
    request({ cookie: "aid=u_visitor" });
    configureMillimetric({
      getUserId: async () => "user_42",
      client: new MillimetricClient({ key: "sk_test_f6589a94_unit", host: ingest.url }),
    });
    await track({ event: "upgraded" });
    await respond();
    expect(sent("upgraded")[0]).toMatchObject({ anonymous_id: "u_visitor", user_id: "user_42" });
  });

  it("rejects an invalid event with a TypeError naming the field", async () => {
    request({ cookie: "aid=u_visitor" });
    await expect(track({ event: "" })).rejects.toThrow(TypeError);
    await expect(track({ event: "x", properties: [] as unknown as Record<string, unknown> })).rejects.toThrow(/properties/);
  });

  it("lets Next's own control-flow errors through", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/login;307;" });
    next.request = redirect;
    await expect(track({ event: "x" })).rejects.toBe(redirect);
  });
});

describe("in development, a missing setup fails loudly with the fix", () => {
  it("no visitor id on the request: add proxy.ts", async () => {
    request({ cookie: "theme=dark", "sec-fetch-site": "same-origin" });
    const error = await track({ event: "signup" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MillimetricError);
    expect((error as InstanceType<typeof MillimetricError>).code).toBe("missing_context");
    expect(String(error)).toContain(
      'add proxy.ts with `import { withMillimetric } from "@millimetric/next"; export const proxy = withMillimetric();`',
    );
    await expect(getAnonymousId()).rejects.toThrow(/track-node|proxy\.ts/);
    await expect(identify({ user_id: "user_1" })).rejects.toThrow(/export const proxy = withMillimetric\(\)/);
  });

  it("an invalid cookie counts as no id", async () => {
    request({ cookie: "aid=</script>", accept: "text/html" });
    await expect(track({ event: "x" })).rejects.toThrow(/carries no visitor id/);
  });

  it("outside a request", async () => {
    await expect(track({ event: "cron" })).rejects.toThrow(
      /track\(\) was called outside a request.*route handler, server action or server component.*@millimetric\/track-node/,
    );
  });

  it("but not for a request from no browser (a webhook: no Sec-Fetch-*, no text/html), whose event keeps only its own ids", async () => {
    request({ "content-type": "application/json", "stripe-signature": "t=1,v1=x" });
    await expect(track({ event: "checkout_completed", user_id: "user_3" })).resolves.toMatch(/^[0-9a-f]{32}$/);
    await respond();
    const [event] = sent("checkout_completed");
    expect(event).toMatchObject({ user_id: "user_3" });
    expect(event).not.toHaveProperty("anonymous_id");
  });

  it("but not when the event brings its own anonymous id, or for a prefetch", async () => {
    request({});
    await expect(track({ event: "x", anonymous_id: "u_given" })).resolves.toMatch(/^[0-9a-f]{32}$/);
    request({ "next-router-prefetch": "1" });
    await expect(track({ event: "y" })).resolves.toBeTypeOf("string");
  });
});

describe("in production, a missing setup is logged once and tracking goes on", () => {
  it("without a visitor id", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    request({ "sec-fetch-site": "same-origin" });
    await track({ event: "orphan", user_id: "user_7" });
    request({ "sec-fetch-site": "same-origin" });
    await track({ event: "orphan" });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toContain("export const proxy = withMillimetric()");
    expect(await getAnonymousId()).toBeUndefined();
    expect(await identify({ user_id: "user_7" })).toBeUndefined();
    expect(log).toHaveBeenCalledTimes(1);
    await respond();
    expect(sent("orphan").map((e) => [e.user_id, e.anonymous_id])).toEqual([
      ["user_7", undefined],
      [undefined, undefined],
    ]);
    expect(sent("$identify")).toEqual([]);
  });

  it("outside a request (delivered by the client's own timer or flush)", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await track({ event: "job", user_id: "user_9" });
    await track({ event: "job", user_id: "user_9" });
    expect(log).toHaveBeenCalledTimes(1);
    expect(next.after).toHaveLength(0);
    const { flush } = await import("./server");
    await flush();
    expect(sent("job")).toHaveLength(2);
  });
});

describe("identify() and getAnonymousId()", () => {
  it("link the request's visitor to a user", async () => {
    request({ cookie: "aid=u_visitor" });
    expect(await getAnonymousId()).toBe("u_visitor");
    const eventId = await identify({ user_id: "user_42", traits: { plan: "pro" } });
    expect(next.after).toHaveLength(1);
    await respond();
    expect(sent("$identify")).toEqual([
      expect.objectContaining({ event_id: eventId, anonymous_id: "u_visitor", user_id: "user_42", properties: { plan: "pro" } }),
    ]);
  });
});

describe("url and path of the request the proxy forwarded (x-millimetric-url)", () => {
  it("fill track()'s and identify()'s events alike, unless the caller gave its own", async () => {
    request({ cookie: "aid=u_visitor", "x-millimetric-url": "https://shop.example/login?next=%2Fapp" });
    await track({ event: "login_viewed" });
    await identify({ user_id: "user_42" });
    await track({ event: "own_path", path: "/mine" });
    await respond();
    const where = { url: "https://shop.example/login?next=%2Fapp", path: "/login" };
    expect(sent("login_viewed")).toEqual([expect.objectContaining(where)]);
    expect(sent("$identify")).toEqual([expect.objectContaining({ anonymous_id: "u_visitor", user_id: "user_42", ...where })]);
    expect(sent("own_path")[0]).toMatchObject({ path: "/mine" });
    expect(sent("own_path")[0]).not.toHaveProperty("url");
  });

  it("identify() without a location, or without a user_id, is client.identify() as before", async () => {
    request({ cookie: "aid=u_visitor" });
    await identify({ user_id: "user_42", event_id: "ev_identify_1" });
    await respond();
    expect(sent("$identify")).toEqual([expect.objectContaining({ event_id: "ev_identify_1", user_id: "user_42" })]);
    expect(sent("$identify")[0]).not.toHaveProperty("url");
    request({ cookie: "aid=u_visitor", "x-millimetric-url": "https://shop.example/login" });
    await expect(identify({} as never)).rejects.toThrow('identify: "user_id" is required');
  });
});

describe("identify() in a request from no browser (a webhook)", () => {
  it("links nothing and says why: an error in development, one log line in production", async () => {
    request({ "content-type": "application/json", "stripe-signature": "t=1,v1=x" });
    await expect(identify({ user_id: "user_5" })).rejects.toMatchObject({
      code: "missing_context",
      message: expect.stringMatching(/identify\(\) needs an anonymous_id.*no browser signal.*withMillimetric\(\{ isVisitorRequest \}\)/s),
    });
    vi.stubEnv("NODE_ENV", "production");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(identify({ user_id: "user_5" })).resolves.toBeUndefined();
    await expect(identify({ user_id: "user_5" })).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledTimes(1);
    await respond();
    expect(sent("$identify")).toEqual([]);
    // With the id passed, the link is made.
    await expect(identify({ user_id: "user_5", anonymous_id: "u_from_metadata" })).resolves.toMatch(/^[0-9a-f]{32}$/);
    await respond();
    expect(sent("$identify")).toEqual([expect.objectContaining({ anonymous_id: "u_from_metadata", user_id: "user_5" })]);
  });
});

describe("consent (Sec-GPC: 1, mm_optout=1)", () => {
  it("an opted-out request's track() and identify() send nothing and complain about nothing; others are unaffected", async () => {
    for (const headers of <Array<Record<string, string>>>[{ "sec-gpc": "1", "sec-fetch-site": "same-origin" }, { cookie: "aid=u_visitor; mm_optout=1", accept: "text/html" }]) {
      request(headers);
      await expect(track({ event: "opted_out_event" })).resolves.toBeUndefined();
      await expect(identify({ user_id: "user_8" })).resolves.toBeUndefined();
      await expect(getAnonymousId()).resolves.toBeUndefined();
    }
    request({ cookie: "aid=u_visitor", "sec-gpc": "0" });
    await expect(track({ event: "opted_in_event" })).resolves.toMatch(/^[0-9a-f]{32}$/);
    await respond();
    expect(sent("opted_out_event")).toEqual([]);
    expect(sent("$identify")).toEqual([]);
    expect(sent("opted_in_event")).toEqual([expect.objectContaining({ anonymous_id: "u_visitor" })]);
  });

  it("configureMillimetric({ ignorePrivacySignals: true }) sends them", async () => {
    configureMillimetric({ ignorePrivacySignals: true, client: new MillimetricClient({ key: "sk_test_f6589a94_unit", host: ingest.url }) });
    request({ cookie: "aid=u_visitor", "sec-gpc": "1" });
    await expect(track({ event: "consented_elsewhere" })).resolves.toMatch(/^[0-9a-f]{32}$/);
    await respond();
    expect(sent("consented_elsewhere")).toEqual([expect.objectContaining({ anonymous_id: "u_visitor" })]);
  });
});

describe("the proxy's forwarded decision (x-millimetric-visitor) is what the helpers read", () => {
  it("its id, opt-out or 'no visitor' wins over what the request's cookie and signals would say", async () => {
    // The proxy was given ignorePrivacySignals: true: its id counts, Sec-GPC or not.
    request({ cookie: "aid=u_visitor", "sec-gpc": "1", "x-millimetric-visitor": "u_visitor" });
    expect(await getAnonymousId()).toBe("u_visitor");
    await expect(track({ event: "proxy_consented" })).resolves.toMatch(/^[0-9a-f]{32}$/);
    // The proxy decided "opted out" (Sec-GPC it honoured): nothing is sent, whatever the cookie holds.
    request({ cookie: "aid=u_visitor", "x-millimetric-visitor": "opted-out" });
    await expect(track({ event: "proxy_opted_out" })).resolves.toBeUndefined();
    await expect(identify({ user_id: "user_8" })).resolves.toBeUndefined();
    expect(await getAnonymousId()).toBeUndefined();
    await respond();
    expect(sent("proxy_consented")).toEqual([expect.objectContaining({ anonymous_id: "u_visitor" })]);
    expect(sent("proxy_opted_out")).toEqual([]);
    expect(sent("$identify")).toEqual([]);
  });

  it("a browser's request the proxy gave no id (a cross-site fetch, a preflight) is no missing proxy: it tracks without an id", async () => {
    request({ "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", accept: "*/*", "x-millimetric-visitor": "none" });
    await expect(track({ event: "cross_site_call", user_id: "user_6" })).resolves.toMatch(/^[0-9a-f]{32}$/);
    await expect(identify({ user_id: "user_6" })).rejects.toThrow(/identify\(\) needs an anonymous_id/);
    await respond();
    expect(sent("cross_site_call")[0]).toMatchObject({ user_id: "user_6" });
    expect(sent("cross_site_call")[0]).not.toHaveProperty("anonymous_id");
  });

  it("a forged value that is no decision counts as absent: the request's own id, or the missing-proxy error", async () => {
    request({ cookie: "aid=u_visitor", "x-millimetric-visitor": "<script>;minted" });
    expect(await getAnonymousId()).toBe("u_visitor");
    request({ accept: "text/html", "x-millimetric-visitor": "undefined" });
    await expect(track({ event: "x" })).rejects.toThrow(/carries no visitor id/);
  });
});

describe("configureMillimetric's cookie, for requests the proxy did not handle", () => {
  it("reads the renamed cookie (cookie: { name }, or the older cookieName), and refuses a bad one naming the option", async () => {
    const client = new MillimetricClient({ key: "sk_test_f6589a94_unit", host: ingest.url });
    configureMillimetric({ client, cookie: { name: "mm_aid", domain: "shop.example" } });
    request({ cookie: "aid=u_other; mm_aid=u_renamed" });
    expect(await getAnonymousId()).toBe("u_renamed");
    configureMillimetric({ client, cookieName: "mm_aid" });
    expect(await getAnonymousId()).toBe("u_renamed");
    expect(() => configureMillimetric({ client, cookie: { name: "a;b" } })).toThrow(expect.objectContaining({ code: "invalid_config", message: expect.stringContaining("cookie.name") }));
    expect(() => configureMillimetric({ client, cookieName: "a=b" })).toThrow(/cookie\.name/);
  });
});

describe("the default client", () => {
  it("reads MILLIMETRIC_SECRET_KEY and MILLIMETRIC_HOST", async () => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("millimetric.next.server")];
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "sk_test_f6589a94_fromenv");
    vi.stubEnv("MILLIMETRIC_HOST", ingest.url);
    request({ cookie: "aid=u_visitor" });
    await track({ event: "env" });
    await respond();
    expect(ingest.received[0]!.auth).toBe("Bearer sk_test_f6589a94_fromenv");
  });

  it("lets explicit options win over the environment", async () => {
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "sk_test_f6589a94_fromenv");
    vi.stubEnv("MILLIMETRIC_HOST", "http://127.0.0.1:9");
    configureMillimetric({ key: "sk_test_f6589a94_explicit", host: ingest.url });
    request({ cookie: "aid=u_visitor" });
    await track({ event: "explicit" });
    await respond();
    expect(ingest.received[0]!.auth).toBe("Bearer sk_test_f6589a94_explicit");
  });

  it("without a key: throws in development with the fix, and in production logs once and never fails the request", async () => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("millimetric.next.server")];
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "");
    request({ cookie: "aid=u_visitor" });
    await expect(track({ event: "signup" })).rejects.toMatchObject({ code: "invalid_key", message: expect.stringMatching(/set MILLIMETRIC_SECRET_KEY/) });
    vi.stubEnv("NODE_ENV", "production");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(track({ event: "signup" })).resolves.toBeUndefined();
    await expect(identify({ user_id: "user_1" })).resolves.toBeUndefined();
    const { flush } = await import("./server");
    await expect(flush()).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledTimes(1);
    expect(ingest.received).toEqual([]);
  });

  it("a getUserId that throws costs the event its user_id, not the request", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    configureMillimetric({
      client: new MillimetricClient({ key: "sk_test_f6589a94_unit", host: ingest.url }),
      getUserId: () => {
        throw new Error("session store down");
      },
    });
    request({ cookie: "aid=u_visitor" });
    await expect(track({ event: "still_sent" })).resolves.toBeTypeOf("string");
    await respond();
    expect(sent("still_sent")).toEqual([expect.objectContaining({ anonymous_id: "u_visitor" })]);
    expect(sent("still_sent")[0]).not.toHaveProperty("user_id");
    expect(log.mock.calls[0]![0]).toMatch(/getUserId threw \(Error: session store down\)/);
  });
});
