// The consent rule in Remix / React Router loaders and actions: a request carrying Global
// Privacy Control or the browser SDK's mm_optout=1 cookie gets no id and no Set-Cookie,
// and its events are not sent, by every entry (the loader helper, the request-aware
// track/identify, the request handler); other requests are unaffected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";
import { identify, init, millimetricLoader, millimetricRequestHandler, track, type DataWithInit } from "./server";

const KEY = "sk_test_abcdef12_secretsecretsecret";
const BROWSER = { "sec-fetch-site": "same-origin", "sec-fetch-dest": "document" };
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

const req = (headers: Record<string, string>) => new Request("http://app.test/signup", { headers: { ...BROWSER, ...headers } });
const args = (request: Request) => ({ request, context: {}, params: {}, url: new URL(request.url), pattern: "/" });
const OPTED_OUT: Array<Record<string, string>> = [{ "sec-gpc": "1" }, { cookie: "aid=u_known_visitor; mm_optout=1" }];

describe("consent (Sec-GPC: 1, mm_optout=1)", () => {
  it("the loader helper mints nothing and sets no cookie; track/identify with the request send nothing", async () => {
    const before = ingest.events.length;
    for (const headers of OPTED_OUT) {
      const request = req(headers);
      const result = (await millimetricLoader(args(request), () => ({ page: 1 }))) as unknown as DataWithInit<{ millimetric: unknown }> | { millimetric: unknown };
      const data = "data" in result ? result.data : result;
      expect(data.millimetric).toBeNull();
      expect("init" in result ? new Headers(result.init?.headers ?? undefined).getSetCookie() : []).toEqual([]);
      expect(track(request, { event: "signup_out" })).toBeUndefined();
      expect(identify(request, { user_id: "user_out" })).toBeUndefined();
    }
    const visitor = req({});
    expect(track(visitor, { event: "signup_in" })).toMatch(/^[0-9a-f]{32}$/);
    await client.flush();
    expect(ingest.events.slice(before).map((e) => e.event)).toEqual(["signup_in"]);
  });

  it("the request handler: no Set-Cookie, and plain track() inside sends nothing", async () => {
    const before = ingest.events.length;
    const handler = millimetricRequestHandler(async () => new Response(String(track({ event: "handled_out" }) ?? "none")));
    for (const headers of OPTED_OUT) {
      const res = await handler(req(headers));
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await res.text()).toBe("none");
    }
    await client.flush();
    expect(ingest.events.slice(before)).toEqual([]);
  });

  it("ignorePrivacySignals: true mints for a Sec-GPC request and sends", async () => {
    const before = ingest.events.length;
    const options = { ignorePrivacySignals: true };
    const request = req({ "sec-gpc": "1" });
    // The root loader mints (its result sets the cookie); track(request) shares its id.
    await millimetricLoader(args(request), options);
    expect(track(request, { event: "forced" }, options)).toMatch(/^[0-9a-f]{32}$/);
    await client.flush();
    expect(ingest.events.slice(before)).toEqual([expect.objectContaining({ event: "forced", anonymous_id: expect.stringMatching(/^u_/) })]);
  });
});
