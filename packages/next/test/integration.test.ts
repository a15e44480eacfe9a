import { chromium, type BrowserContext } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture, startFixture } from "./nextApp";
import { startStubIngest } from "./stubIngest";

// `next build` (Turbopack, Next 16's default) + `next start` of test/fixture (App Router,
// proxy.ts) against a recording ingest stub: the id contract end to end, from a visitor's
// very first request. integration-webpack.test.ts repeats the core of it with webpack.

const SECRET = "sk_test_f6589a94_fixturesecret";
const PUBLIC = "pk_test_f6589a94_fixture";
const ID = /^u_[0-9a-f]{32}$/;

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

const aidFromSetCookie = (res: Response) =>
  /^aid=([^;]*)/.exec(res.headers.getSetCookie().find((c) => c.startsWith("aid=")) ?? "")?.[1];
const windowAid = (html: string) => {
  const m = /window\.__aid=(\{[^<]*?\});/.exec(html);
  return m ? (JSON.parse(m[1]!) as { id: string; minted: boolean }) : undefined;
};
const serverEvent = (name: string, aid?: string) =>
  ingest.waitFor((r) => r.event.event === name && (aid === undefined || r.event.anonymous_id === aid));

describe("a first-ever visit (no cookie)", () => {
  it("uses one id for the Set-Cookie, window.__aid, the server component's event, and later route handler requests", async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    const id = aidFromSetCookie(res)!;
    expect(id).toMatch(ID);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("aid="))).toBe(
      `aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`,
    );

    const html = await res.text();
    expect(windowAid(html)).toEqual({ id, minted: true });
    expect(html).toContain(`<p id="server-aid">${id}</p>`);

    // The server component tracked during this same request; after() flushed it.
    const viewed = await serverEvent("viewed_home", id);
    expect(viewed.auth).toBe(`Bearer ${SECRET}`);
    expect(viewed.event.properties).toEqual({ from: "server-component" });
    expect(html).toContain(`<p id="server-event">${viewed.event.event_id}</p>`);

    // The next request carries the cookie: a route handler sees the same id.
    const api = await fetch(`${app.url}/api/whoami`, { headers: { cookie: `aid=${id}` } });
    expect(api.headers.getSetCookie()).toEqual([]);
    const body = (await api.json()) as { anonymous_id: string; event_id: string };
    expect(body.anonymous_id).toBe(id);
    expect((await serverEvent("api_called", id)).event.event_id).toBe(body.event_id);
  });

  it("gives a route handler hit first the id it sets in the cookie", async () => {
    const res = await fetch(`${app.url}/api/whoami`);
    const id = aidFromSetCookie(res)!;
    expect(id).toMatch(ID);
    expect(((await res.json()) as { anonymous_id: string }).anonymous_id).toBe(id);
    await serverEvent("api_called", id);
  });

  it("in a real browser: browser events, server component, and a server action all carry the cookie's id", async () => {
    const context = await freshBrowser();
    const page = await context.newPage();
    const res = await page.goto(`${app.url}/`);
    expect(res!.status()).toBe(200);

    const cookie = (await context.cookies()).find((c) => c.name === "aid")!;
    expect(cookie.value).toMatch(ID);
    expect(cookie.httpOnly).toBe(false);
    expect(cookie.sameSite).toBe("Lax");
    const id = cookie.value;

    expect(await page.evaluate(() => (window as { __aid?: unknown }).__aid)).toEqual({ id, minted: true });
    // The provider adopted the server's id: the hook shows it, the browser SDK sends it.
    await page.locator("#client-aid", { hasText: id }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("mm_aid"))).toBe(id);
    await serverEvent("viewed_home", id);
    const pageview = await serverEvent("$pageview", id);
    expect(pageview.auth).toBe(`Bearer ${PUBLIC}`);
    expect((await serverEvent("viewed_home_client", id)).path).toBe("/v1/batch");

    // A server action on the next request sees the same id and the resolved user.
    await page.click("#signup");
    const action = await serverEvent("signup_action", id);
    expect(action.event.properties).toEqual({ seen_aid: id });
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
    await page.reload();
    const minted = (await page.evaluate(() => (window as { __aid?: { id: string; minted: boolean } }).__aid))!;
    expect(minted.minted).toBe(true);
    expect(minted.id).not.toBe(id);
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
      const res = await fetch(`${app.url}/`, { headers: { cookie: `theme=dark; aid=${value}` } });
      expect(res.status).toBe(200);
      const id = aidFromSetCookie(res)!;
      expect(id).toMatch(ID);
      const html = await res.text();
      expect(html).not.toContain(marker);
      expect(html).not.toContain(value);
      expect(windowAid(html)).toEqual({ id, minted: true });
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
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.url}/no-proxy`);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    await ingest.waitFor((r) => ingest.received.indexOf(r) >= before && r.event.event === "no_proxy_event");
    await expect.poll(() => ingest.received.filter((r) => r.event.event === "no_proxy_event").length).toBe(2);
    for (const r of ingest.received.filter((r) => r.event.event === "no_proxy_event")) {
      expect(r.event.anonymous_id).toBeUndefined();
    }
    const logged = app.output().split("this request carries no visitor id").length - 1;
    expect(logged).toBe(1);
    expect(app.output()).toContain("add proxy.ts with `import { withMillimetric } from \"@millimetric/next\"");
  });
});
