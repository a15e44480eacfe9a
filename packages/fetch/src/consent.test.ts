// The consent rule through withMillimetric, against the real ingest server: a request
// carrying Global Privacy Control or the browser SDK's mm_optout=1 cookie gets no id and
// no Set-Cookie, and its events are not sent; other requests are unaffected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealIngest, type RealIngest } from "../test/realIngest";
import { flush, identify, millimetricOf, shutdown, track, withMillimetric, type MillimetricFetchOptions } from "./index";

const BROWSER = { accept: "text/html", "sec-fetch-site": "none" };
let ingest: RealIngest;
beforeAll(async () => void (ingest = await startRealIngest()));
afterAll(async () => {
  await shutdown();
  await ingest?.close();
});

function app(tag: string, options: Omit<MillimetricFetchOptions, "key" | "host"> = {}) {
  return withMillimetric(
    (request: Request) => {
      const visitor = millimetricOf(request);
      return Response.json({
        anonymousId: visitor.anonymousId ?? null,
        optedOut: visitor.optedOut,
        ids: [
          track({ event: `signup_${tag}`, user_id: "user_1" }) ?? null,
          visitor.track({ event: `page_${tag}` }) ?? null,
          identify({ user_id: `user_${tag}` }) ?? null,
          visitor.identify({ user_id: `user_${tag}` }) ?? null,
        ],
      });
    },
    { key: ingest.server.keys.secret, host: ingest.url, flushAt: 1000, flushIntervalMs: 60_000, ...options },
  );
}
const get = (handler: (r: Request) => Promise<Response>, headers: Record<string, string>) => handler(new Request("https://shop.example/signup", { headers }));

describe("consent (Sec-GPC: 1, mm_optout=1)", () => {
  it("opted-out requests get no id and no Set-Cookie and deliver nothing; the next visitor's do", async () => {
    const handler = app("a");
    for (const headers of [{ ...BROWSER, "sec-gpc": "1" }, { ...BROWSER, cookie: "aid=u_known_visitor; mm_optout=1" }]) {
      const res = await get(handler, headers);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await res.json()).toEqual({ anonymousId: null, optedOut: true, ids: [null, null, null, null] });
    }
    const res = await get(handler, { ...BROWSER, "sec-gpc": "0" });
    const body = (await res.json()) as { anonymousId: string; optedOut: boolean };
    expect(body.optedOut).toBe(false);
    expect(res.headers.getSetCookie()[0]).toMatch(new RegExp(`^aid=${body.anonymousId};`));
    await flush();
    const events = await ingest.waitFor({}, (all) => all.filter((e) => e.event.endsWith("_a") || e.user_id === "user_a").length >= 4);
    const ours = events.filter((e) => e.event.endsWith("_a") || e.user_id === "user_a");
    // Exactly the opted-in request's four events: nothing of the two opted-out requests.
    expect(ours).toHaveLength(4);
    expect(ours.every((e) => e.anonymous_id === body.anonymousId)).toBe(true);
  });

  it("ignorePrivacySignals: true mints and sends for a Sec-GPC request", async () => {
    const res = await get(app("b", { ignorePrivacySignals: true }), { ...BROWSER, "sec-gpc": "1" });
    const body = (await res.json()) as { anonymousId: string; optedOut: boolean };
    expect(body.optedOut).toBe(false);
    expect(res.headers.getSetCookie()[0]).toMatch(/^aid=u_/);
    await flush();
    await ingest.waitFor({}, (all) => all.filter((e) => e.event.endsWith("_b") || e.user_id === "user_b").length === 4);
  });
});
