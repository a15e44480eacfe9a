import { chromium, type BrowserContext } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture, startFixture } from "./nextApp";
import { startStubIngest } from "./stubIngest";

// `next build` (Turbopack, Next 16's default) + `next start` of test/fixture (App Router,
// proxy.ts) against a recording ingest stub: the id contract end to end, from a visitor's
// very first request. integration-middleware.test.ts repeats the core of it with webpack
// and middleware.ts. The layout has no <MillimetricScript />: the browser reads the id from
// the `aid` cookie (and `mm_minted`, set when the proxy minted it on that very response).

const SECRET = "sk_test_f6589a94_fixturesecret";
const PUBLIC = "pk_test_f6589a94_fixture";
const ID = /^u_[0-9a-f]{32}$/;
// What a browser sends and Node's fetch does not ("no invented visitors" looks for these).
const PAGE_LOAD = { accept: "text/html,application/xhtml+xml" };
const SAME_ORIGIN_FETCH = { "sec-fetch-site": "same-origin" };

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
let app: Awaited<ReturnType<typeof startFixture>>;
let browser: BrowserContext | undefined;
let profile: string | undefined;

beforeAll(async () => {
  ingest = await startStubIngest();
  await buildFixture("proxy", { NEXT_PUBLIC_MILLIMETRIC_KEY: PUBLIC, NEXT_PUBLIC_MILLIMETRIC_HOST: ingest.url });
  app = await startFixture("proxy", { MILLIMETRIC_SECRET_KEY: SECRET, MILLIMETRIC_HOST: ingest.url });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await app?.stop();
  await ingest?.close();
});

/** Real Chromium with a fresh profile: a visitor who has never been here. */
async function freshBrowser(): Promise<BrowserContext> {
  profile = mkdtempSync(join(tmpdir(), "mm-chromium-"));
  return (browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  }));
}

const setCookie = (setCookies: string[], name: string) => setCookies.find((c) => c.startsWith(`${name}=`));
const cookieValue = (setCookies: string[], name: string) => /^[^=]*=([^;]*)/.exec(setCookie(setCookies, name) ?? "")?.[1];
const aidFromSetCookie = (res: Response) => cookieValue(res.headers.getSetCookie(), "aid");
const mintedFromSetCookie = (res: Response) => cookieValue(res.headers.getSetCookie(), "mm_minted");
const serverEvent = (name: string, aid?: string) =>
  ingest.waitFor((r) => r.event.event === name && (aid === undefined || r.event.anonymous_id === aid));

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

describe("a first-ever visit (no cookie)", () => {
  it("uses one id for the Set-Cookie, the server component's event, and later route handler requests", async () => {
    const res = await fetch(`${app.url}/`, { headers: PAGE_LOAD });
    expect(res.status).toBe(200);
    const id = aidFromSetCookie(res)!;
    expect(id).toMatch(ID);
    expect(setCookie(res.headers.getSetCookie(), "aid")).toBe(`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`);
    // Minted on this response: the companion cookie holds the same id.
    expect(setCookie(res.headers.getSetCookie(), "mm_minted")).toBe(`mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax`);

    // The id reaches the browser by cookie only: no script in the HTML.
    const html = await res.text();
    expect(html).not.toContain("window.__aid");
    expect(html).toContain(`<p id="server-aid">${id}</p>`);

    // The server component tracked during this same request; after() flushed it, with
    // where it happened (the page's URL, forwarded by the proxy).
    const viewed = await serverEvent("viewed_home", id);
    expect(viewed.auth).toBe(`Bearer ${SECRET}`);
    expect(viewed.event.properties).toEqual({ from: "server-component" });
    expectLocation(viewed.event, "/", "/");
    expect(html).toContain(`<p id="server-event">${viewed.event.event_id}</p>`);

    // The next request carries the cookie: a route handler sees the same id, with its own path.
    const api = await fetch(`${app.url}/api/whoami`, { headers: { cookie: `aid=${id}` } });
    expect(api.headers.getSetCookie()).toEqual([]);
    const body = (await api.json()) as { anonymous_id: string; event_id: string };
    expect(body.anonymous_id).toBe(id);
    const called = await serverEvent("api_called", id);
    expect(called.event.event_id).toBe(body.event_id);
    expectLocation(called.event, "/api/whoami", "/api/whoami");
  });

  it("gives a route handler a browser hits first the id it sets in the cookie", async () => {
    const res = await fetch(`${app.url}/api/whoami?first=1`, { headers: SAME_ORIGIN_FETCH });
    const id = aidFromSetCookie(res)!;
    expect(id).toMatch(ID);
    expect(mintedFromSetCookie(res)).toBe(id);
    const body = (await res.json()) as { anonymous_id: string; event_id: string };
    expect(body.anonymous_id).toBe(id);
    const called = await serverEvent("api_called", id);
    expect(called.event.event_id).toBe(body.event_id);
    expectLocation(called.event, "/api/whoami?first=1", "/api/whoami");
  });

  it("invents no visitor for a request without a browser signal (a webhook, another server's fetch)", async () => {
    // Node's fetch sends Sec-Fetch-Mode only: not a browser by core's rule.
    const res = await fetch(`${app.url}/api/whoami?webhook=1`);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const body = (await res.json()) as { anonymous_id: string | null; event_id: string };
    expect(body.anonymous_id).toBeNull();
    const called = await ingest.waitFor((r) => r.event.event_id === body.event_id);
    expect(called.event.event).toBe("api_called");
    expect(called.event.anonymous_id).toBeUndefined();
    expectLocation(called.event, "/api/whoami?webhook=1", "/api/whoami");
    // Expected, not a misconfiguration: nothing logged (the no-proxy test below counts the log).
    expect(app.output()).not.toContain("this request carries no visitor id");
  });

  it("in a real browser: browser events, server component, and a server action all carry the cookie's id", async () => {
    const context = await freshBrowser();
    const page = await context.newPage();
    const res = await page.goto(`${app.url}/`);
    expect(res!.status()).toBe(200);
    const setCookies = (await res!.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);

    const cookie = (await context.cookies()).find((c) => c.name === "aid")!;
    expect(cookie.value).toMatch(ID);
    expect(cookie.httpOnly).toBe(false);
    expect(cookie.sameSite).toBe("Lax");
    const id = cookie.value;
    expect(cookieValue(setCookies, "aid")).toBe(id);
    expect(cookieValue(setCookies, "mm_minted")).toBe(id);

    // No script carries the id: the provider took it from the cookie.
    expect(await page.evaluate(() => (window as { __aid?: unknown }).__aid)).toBeUndefined();
    expect(await page.content()).not.toContain("window.__aid");
    // The provider adopted the server's id: the hook shows it, the browser SDK sends it.
    await page.locator("#client-aid", { hasText: id }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("mm_aid"))).toBe(id);
    await serverEvent("viewed_home", id);
    const pageview = await serverEvent("$pageview", id);
    expect(pageview.auth).toBe(`Bearer ${PUBLIC}`);
    expect((await serverEvent("viewed_home_client", id)).path).toBe("/v1/batch");

    // A server action on the next request sees the same id and the resolved user; its
    // events happened on the page it was posted from.
    await page.click("#signup");
    const action = await serverEvent("signup_action", id);
    expect(action.event.properties).toEqual({ seen_aid: id });
    expect(action.event.path).toBe("/");
    const identify = await serverEvent("$identify", id);
    expect(identify.event).toMatchObject({ user_id: "user_42", properties: { plan: "pro" } });

    // From now on configureMillimetric({ getUserId }) (in instrumentation.ts) finds the user.
    const who = await page.evaluate(() => fetch("/api/whoami").then((r) => r.json()));
    const called = await serverEvent("api_called", id);
    expect(called.event.event_id).toBe(who.event_id);
    expect(called.event.user_id).toBe("user_42");

    // Cookie lost, localStorage kept: the server mints a new id, the browser's own id wins
    // and is written back to the cookie, and the server follows it on the next request.
    await browser!.clearCookies();
    const reloaded = await page.reload();
    const reloadCookies = (await reloaded!.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
    const minted = cookieValue(reloadCookies, "aid")!;
    expect(minted).toMatch(ID);
    expect(minted).not.toBe(id);
    expect(cookieValue(reloadCookies, "mm_minted")).toBe(minted);
    await page.locator("#client-aid", { hasText: id }).waitFor();
    await expect.poll(async () => (await browser!.cookies()).find((c) => c.name === "aid")?.value).toBe(id);
    const again = await page.evaluate(() => fetch("/api/whoami").then((r) => r.json()));
    expect(again.anonymous_id).toBe(id);
  });
});

describe("a hostile aid cookie", () => {
  const junk = "j<>'\"".repeat(820); // ~4 KB
  for (const [name, value, marker] of [
    ["a script", "</script><script>alert(1)</script>", "alert(1)"],
    ["4 KB of junk", junk, junk.slice(0, 40)],
    ["unicode", "%E2%98%83%F0%9F%98%80", "\u2603"],
  ] as const) {
    it(`(${name}) is replaced by a fresh id and never reaches the HTML`, async () => {
      const res = await fetch(`${app.url}/`, { headers: { ...PAGE_LOAD, cookie: `theme=dark; aid=${value}` } });
      expect(res.status).toBe(200);
      const id = aidFromSetCookie(res)!;
      expect(id).toMatch(ID);
      expect(mintedFromSetCookie(res)).toBe(id);
      const html = await res.text();
      expect(html).not.toContain(marker);
      expect(html).not.toContain(value);
      expect(html).not.toContain("window.__aid");
      expect(html).toContain(`<p id="server-aid">${id}</p>`);
      await serverEvent("viewed_home", id);
    });
  }
});

describe("requests the proxy leaves alone", () => {
  it("serves static files without a cookie", async () => {
    const res = await fetch(`${app.url}/hello.txt`);
    expect(await res.text()).toBe("hello\n");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("without the proxy, production logs once and still tracks with the ids it has", async () => {
    const before = ingest.received.length;
    // From a browser, where a missing id means a setup mistake (a webhook is expected to have none).
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.url}/no-proxy`, { headers: SAME_ORIGIN_FETCH });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    await ingest.waitFor((r) => ingest.received.indexOf(r) >= before && r.event.event === "no_proxy_event");
    await expect.poll(() => ingest.received.filter((r) => r.event.event === "no_proxy_event").length).toBe(2);
    for (const r of ingest.received.filter((r) => r.event.event === "no_proxy_event")) {
      expect(r.event.anonymous_id).toBeUndefined();
      // Nothing forwarded the URL either: App Router helpers fill url/path only behind the proxy.
      expect(r.event.path).toBeUndefined();
    }
    const logged = app.output().split("this request carries no visitor id").length - 1;
    expect(logged).toBe(1);
    expect(app.output()).toContain("add proxy.ts with `import { withMillimetric } from \"@millimetric/next\"");
  });
});
