import { afterAll, beforeAll, expect, it } from "vitest";
import { buildFixture, startFixture } from "./nextApp";
import { startStubIngest } from "./stubIngest";

// The pre-16 setup: middleware.ts on the edge runtime, `export default withMillimetric(handler)`
// composed with a user's redirect and request-header override, built with webpack (Next
// 15's default bundler, where the client boundary and next/* resolve differently from
// Turbopack). The id, and the URL server events are filled from, must survive the user's
// own override.

const ID = /^u_[0-9a-f]{32}$/;
// What a browser sends and Node's fetch does not ("no invented visitors" looks for these).
const PAGE_LOAD = { accept: "text/html,application/xhtml+xml" };
const SAME_ORIGIN_FETCH = { "sec-fetch-site": "same-origin" };
let ingest: Awaited<ReturnType<typeof startStubIngest>>;
let app: Awaited<ReturnType<typeof startFixture>>;

beforeAll(async () => {
  ingest = await startStubIngest();
  await buildFixture("middleware", {
    NEXT_PUBLIC_MILLIMETRIC_KEY: "pk_test_f6589a94_fixture",
    NEXT_PUBLIC_MILLIMETRIC_HOST: ingest.url,
  });
  app = await startFixture("middleware", { MILLIMETRIC_SECRET_KEY: "sk_test_f6589a94_fixture", MILLIMETRIC_HOST: ingest.url });
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await ingest?.close();
});

const cookieOf = (res: Response, name: string) =>
  /^[^=]*=([^;]*)/.exec(res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? "")?.[1];
const aidOf = (res: Response) => cookieOf(res, "aid");

/**
 * The event's `url` and `path` came from the request the proxy forwarded. Next's NextURL
 * spells a loopback host "localhost" whatever the request said, so the host is compared
 * as "a loopback name on the app's port".
 */
function expectLocation(event: Record<string, any>, pathAndQuery: string, path: string): void {
  expect(event.path).toBe(path);
  const url = new URL(event.url);
  expect(["localhost", "127.0.0.1"]).toContain(url.hostname);
  expect(url.port).toBe(new URL(app.url).port);
  expect(url.pathname + url.search).toBe(pathAndQuery);
}

it("threads one id from a first request's Set-Cookie through the server component and route handler, never the HTML", async () => {
  const res = await fetch(`${app.url}/`, { headers: { ...PAGE_LOAD, cookie: "aid=</script><script>alert(1)</script>" } });
  const id = aidOf(res)!;
  expect(id).toMatch(ID);
  expect(cookieOf(res, "mm_minted")).toBe(id);
  const html = await res.text();
  expect(html).not.toContain("alert(1)");
  expect(html).not.toContain("window.__aid");
  expect(html).toContain(`<p id="server-aid">${id}</p>`);
  const viewed = await ingest.waitFor((r) => r.event.event === "viewed_home" && r.event.anonymous_id === id);
  expectLocation(viewed.event, "/", "/");

  const api = await fetch(`${app.url}/api/whoami`, { headers: { cookie: `aid=${id}` } });
  expect(api.headers.getSetCookie()).toEqual([]);
  const body = (await api.json()) as { anonymous_id: string; event_id: string; tenant: string };
  expect(body).toMatchObject({ anonymous_id: id, tenant: "acme" });
  const called = await ingest.waitFor((r) => r.event.event === "api_called" && r.event.anonymous_id === id);
  expect(called.event.event_id).toBe(body.event_id);
  expectLocation(called.event, "/api/whoami", "/api/whoami");
});

it("keeps the user's own request-header override on a first request", async () => {
  const res = await fetch(`${app.url}/api/whoami`, { headers: SAME_ORIGIN_FETCH });
  const id = aidOf(res)!;
  expect(id).toMatch(ID);
  expect(cookieOf(res, "mm_minted")).toBe(id);
  const body = (await res.json()) as { anonymous_id: string; event_id: string; tenant: string };
  expect(body).toMatchObject({ anonymous_id: id, tenant: "acme" });
  const called = await ingest.waitFor((r) => r.event.event_id === body.event_id);
  expect(called.event).toMatchObject({ anonymous_id: id, path: "/api/whoami" });
});

it("keeps the user's override, and invents no visitor, for a request without a browser signal", async () => {
  const res = await fetch(`${app.url}/api/whoami`);
  expect(res.headers.getSetCookie()).toEqual([]);
  const body = (await res.json()) as { anonymous_id: string | null; event_id: string; tenant: string };
  expect(body).toMatchObject({ anonymous_id: null, tenant: "acme" });
  const called = await ingest.waitFor((r) => r.event.event_id === body.event_id);
  expect(called.event.anonymous_id).toBeUndefined();
  expect(called.event.path).toBe("/api/whoami");
});

it("keeps the user's redirect and sets the cookie on it", async () => {
  const res = await fetch(`${app.url}/old-home`, { headers: PAGE_LOAD, redirect: "manual" });
  expect(res.status).toBe(307);
  // Next relativizes a same-origin Location.
  expect(res.headers.get("location")).toBe("/");
  expect(aidOf(res)).toMatch(ID);
  expect(cookieOf(res, "mm_minted")).toBe(aidOf(res));
});
