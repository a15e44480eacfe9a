// @millimetric/next/pages: the Pages Router helpers take the request (ctx.req, an API
// route's req, or a Web Request on the edge) and deliver before they resolve, unless the
// platform offers waitUntil.
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startStubIngest } from "../test/stubIngest";
import { withMillimetric, type WithMillimetricOptions } from "./index";

const { configureMillimetric, getAnonymousId, identify, track, MillimetricClient, MillimetricError } = await import("./pages");

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
beforeAll(async () => void (ingest = await startStubIngest()));
afterAll(() => ingest.close());
beforeEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("millimetric.next.server")];
  configureMillimetric({ client: new MillimetricClient({ key: "sk_test_f6589a94_unit", host: ingest.url }) });
  ingest.received.length = 0;
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("@next/request-context")];
});

const sent = (name: string) => ingest.received.filter((r) => r.event.event === name).map((r) => r.event);
/** ctx.req in getServerSideProps: Node's IncomingMessage headers, as the proxy forwarded them. */
const nodeReq = (headers: Record<string, string | string[]>, url = "/gssp?x=1") => ({ headers, url });

describe("@millimetric/next/pages", () => {
  it("track(req) attaches the forwarded id and location, and has delivered when it resolves", async () => {
    const req = nodeReq({ cookie: "theme=dark; aid=u_pagesvisitor", host: "shop.example", "x-millimetric-url": "https://shop.example/gssp?x=1" });
    const eventId = await track(req, { event: "gssp_view" });
    expect(eventId).toMatch(/^[0-9a-f]{32}$/);
    // No waitUntil here: delivered before track() resolved.
    expect(sent("gssp_view")).toEqual([
      expect.objectContaining({ anonymous_id: "u_pagesvisitor", url: "https://shop.example/gssp?x=1", path: "/gssp", event_id: eventId }),
    ]);
    expect(getAnonymousId(req)).toBe("u_pagesvisitor");
  });

  it("falls back to req.url and the Host header for the location, and keeps the caller's own", async () => {
    await track(nodeReq({ cookie: "aid=u_1", host: "127.0.0.1:3000" }, "/api/hit"), { event: "api_hit" });
    expect(sent("api_hit")[0]).toMatchObject({ url: "http://127.0.0.1:3000/api/hit", path: "/api/hit" });
    await track(nodeReq({ cookie: "aid=u_1", host: "h" }), { event: "own", path: "/mine" });
    expect(sent("own")[0]!.path).toBe("/mine");
    expect(sent("own")[0]).not.toHaveProperty("url");
  });

  it("reads a Web Request too (edge API routes)", async () => {
    const req = new Request("https://shop.example/api/edge", { headers: { cookie: "aid=u_edgevisitor" } });
    await track(req, { event: "edge_api" });
    expect(sent("edge_api")[0]).toMatchObject({ anonymous_id: "u_edgevisitor", path: "/api/edge" });
  });

  it("hands delivery to the platform's waitUntil when there is one, and resolves at once", async () => {
    const waitUntil = vi.fn();
    (globalThis as Record<symbol, unknown>)[Symbol.for("@next/request-context")] = { get: () => ({ waitUntil }) };
    await track(nodeReq({ cookie: "aid=u_2" }), { event: "waited" });
    expect(waitUntil).toHaveBeenCalledTimes(1);
    await waitUntil.mock.calls[0]![0];
    expect(sent("waited")).toHaveLength(1);
  });

  it("identify(req) links the visitor to the user, with url and path like track(req)", async () => {
    await identify(nodeReq({ cookie: "aid=u_3", host: "shop.example", "x-millimetric-url": "https://shop.example/api/login?x=1" }, "/api/login?x=1"), { user_id: "user_3" });
    expect(sent("$identify")[0]).toMatchObject({ anonymous_id: "u_3", user_id: "user_3", url: "https://shop.example/api/login?x=1", path: "/api/login" });
  });

  it("a webhook (no browser signal, no cookie) tracks with only its own ids, without an error", async () => {
    await track(nodeReq({ "content-type": "application/json" }, "/api/webhooks/stripe"), { event: "paid", user_id: "user_4" });
    expect(sent("paid")[0]).toMatchObject({ user_id: "user_4" });
    expect(sent("paid")[0]).not.toHaveProperty("anonymous_id");
  });

  it("a browser request without an id (no proxy/middleware) fails loudly in development with the fix", async () => {
    const error = await track(nodeReq({ "sec-fetch-site": "same-origin" }), { event: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MillimetricError);
    expect(String(error)).toContain("withMillimetric");
  });

  it("says to pass the request when it is missing", async () => {
    const missing = track({ event: "x" } as never, undefined as never);
    await expect(missing).rejects.toThrow(/takes the request first/);
    await expect(missing).rejects.toSatisfy((err) => err instanceof MillimetricError && err instanceof TypeError && err.code === "invalid_argument");
  });
});

describe("@millimetric/next/pages and consent (Sec-GPC: 1, mm_optout=1)", () => {
  it.each<[string, Record<string, string>]>([
    ["the mm_optout=1 cookie", { cookie: "aid=u_old_visitor; mm_optout=1", accept: "text/html" }],
    ["Sec-GPC: 1", { cookie: "aid=u_old_visitor", "sec-gpc": "1", "sec-fetch-site": "same-origin" }],
    ["the proxy's forwarded opt-out", { cookie: "aid=u_old_visitor", "x-millimetric-visitor": "opted-out", accept: "text/html" }],
  ])("%s: a visitor with an old aid cookie gets no server event from getServerSideProps or an API route, and no complaint", async (_name, headers) => {
    await expect(track(nodeReq(headers), { event: "gssp_opted_out" })).resolves.toBeUndefined();
    await expect(track(nodeReq(headers, "/api/hit"), { event: "api_opted_out", user_id: "user_9" })).resolves.toBeUndefined();
    await expect(identify(nodeReq(headers, "/api/login"), { user_id: "user_9" })).resolves.toBeUndefined();
    await expect(track(new Request("https://shop.example/api/edge", { headers }), { event: "edge_opted_out" })).resolves.toBeUndefined();
    expect(getAnonymousId(nodeReq(headers))).toBeUndefined();
    expect(ingest.received).toEqual([]);
  });

  it("configureMillimetric({ ignorePrivacySignals: true }) turns off Sec-GPC, never the visitor's own mm_optout=1", async () => {
    configureMillimetric({ ignorePrivacySignals: true, client: new MillimetricClient({ key: "sk_test_f6589a94_unit", host: ingest.url }) });
    await track(nodeReq({ cookie: "aid=u_gpc_visitor", "sec-gpc": "1" }), { event: "consented_elsewhere" });
    await expect(track(nodeReq({ cookie: "aid=u_gpc_visitor; mm_optout=1" }), { event: "still_opted_out" })).resolves.toBeUndefined();
    expect(sent("consented_elsewhere")).toEqual([expect.objectContaining({ anonymous_id: "u_gpc_visitor" })]);
    expect(sent("still_opted_out")).toEqual([]);
  });
});

describe("@millimetric/next/pages behind withMillimetric(): the helpers read the proxy's decision", () => {
  /** The request as Next hands it to getServerSideProps or an API route after the proxy ran: its override applied. */
  async function throughProxy(path: string, headers: Record<string, string>, options?: WithMillimetricOptions, method = "GET") {
    const res = (await withMillimetric(options)(new NextRequest("https://shop.example" + path, { method, headers }), { waitUntil: vi.fn() } as unknown as NextFetchEvent))!;
    const forwarded: Record<string, string> = {};
    for (const name of res.headers.get("x-middleware-override-headers")!.split(",")) forwarded[name] = res.headers.get(`x-middleware-request-${name}`)!;
    return { req: nodeReq(forwarded, path), setCookies: res.headers.getSetCookie() };
  }
  const DOCUMENT = { accept: "text/html", "sec-fetch-site": "none", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" };

  it("a first visit: getServerSideProps' event carries the id the response's Set-Cookie holds", async () => {
    const { req, setCookies } = await throughProxy("/gssp", DOCUMENT);
    const id = /^aid=([^;]+)/.exec(setCookies[0]!)![1]!;
    expect(getAnonymousId(req)).toBe(id);
    await track(req, { event: "first_gssp" });
    expect(sent("first_gssp")).toEqual([expect.objectContaining({ anonymous_id: id, url: "https://shop.example/gssp" })]);
  });

  it("an opted-out visitor with an old aid cookie: no cookie, no server event", async () => {
    for (const headers of [{ ...DOCUMENT, cookie: "aid=u_old_visitor", "sec-gpc": "1" }, { ...DOCUMENT, cookie: "aid=u_old_visitor; mm_optout=1" }]) {
      const { req, setCookies } = await throughProxy("/gssp", headers);
      expect(setCookies).toEqual([]);
      await expect(track(req, { event: "opted_out_gssp" })).resolves.toBeUndefined();
    }
    // The proxy's privacy option is the one that counts for the requests it handles.
    const { req } = await throughProxy("/gssp", { ...DOCUMENT, cookie: "aid=u_old_visitor", "sec-gpc": "1" }, { ignorePrivacySignals: true });
    await track(req, { event: "consented_gssp" });
    expect(sent("opted_out_gssp")).toEqual([]);
    expect(sent("consented_gssp")).toEqual([expect.objectContaining({ anonymous_id: "u_old_visitor" })]);
  });

  it("a preflight or a cross-site fetch the proxy gave no id tracks without one, and without a missing-proxy error", async () => {
    const crossSite = { accept: "*/*", "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" };
    for (const method of ["OPTIONS", "POST"]) {
      const { req, setCookies } = await throughProxy("/api/hit", crossSite, undefined, method);
      expect(setCookies).toEqual([]);
      await track(req, { event: `cross_site_${method}`, user_id: "user_5" });
      expect(sent(`cross_site_${method}`)[0]).not.toHaveProperty("anonymous_id");
    }
    // Without the proxy, a preflight is no visitor it missed either.
    await expect(track({ ...nodeReq(crossSite, "/api/hit"), method: "OPTIONS" }, { event: "bare_preflight", user_id: "user_5" })).resolves.toBeTypeOf("string");
  });
});
