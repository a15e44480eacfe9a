// The checks every fixture build passes (React Router 7 and 8, Remix 2 classic and single
// fetch), over HTTP and in Chromium, against the real local ingest server.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startIngest, type IngestServer, type QueriedEvent } from "@millimetric/ingest";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export const ID = /^u_[0-9a-f]{32}$/;

/** The local ingest server and one Chromium for a test file; both closed after it. */
export interface Harness {
  ingest: IngestServer;
  browser: Browser;
  /** Env for building the app (the browser key and host are baked in by Vite). */
  buildEnv: Record<string, string>;
  /** Env for serving it. */
  serveEnv: Record<string, string>;
}

/** Starts the ingest (temp SQLite) and Chromium in beforeAll; `get()` returns them in tests. */
export function useHarness(): () => Harness {
  let harness: Harness | undefined;
  const scratch = mkdtempSync(join(tmpdir(), "mm-remix-ingest-"));
  beforeAll(async () => {
    const ingest = await startIngest({ port: 0, rateLimits: false, dbPath: join(scratch, "events.sqlite") });
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    const vite = { VITE_MILLIMETRIC_KEY: ingest.keys.publishable, VITE_MILLIMETRIC_HOST: ingest.url };
    harness = {
      ingest,
      browser,
      buildEnv: { NODE_ENV: "production", ...vite },
      serveEnv: { NODE_ENV: "production", MILLIMETRIC_SECRET_KEY: ingest.keys.secret, MILLIMETRIC_HOST: ingest.url },
    };
  }, 60_000);
  afterAll(async () => {
    await harness?.browser.close();
    await harness?.ingest.close();
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);
  return () => {
    if (!harness) throw new Error("harness not started");
    return harness;
  };
}

/** What a browser's document request sends (Node's fetch sends neither Sec-Fetch-Dest nor text/html). */
export function browserHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { accept: "text/html,application/xhtml+xml", "sec-fetch-dest": "document", "sec-fetch-mode": "navigate", "sec-fetch-site": "same-origin", ...extra };
}

/** The ingest's events for one visitor, once `done` holds (polls, bounded: the SDKs send in the background). */
export async function eventsOf(ingest: IngestServer, anonymousId: string, done: (events: QueriedEvent[]) => boolean): Promise<QueriedEvent[]> {
  let events: QueriedEvent[] = [];
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const res = await fetch(`${ingest.url}/v1/query?anonymous_id=${anonymousId}&limit=100`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
    events = ((await res.json()) as { events: QueriedEvent[] }).events;
    if (done(events)) return events;
  }
  return events;
}
/** The ingest's `event` events whose `properties[key]` is `value`, once `done` holds (polls, bounded). */
export async function eventsWhere(ingest: IngestServer, event: string, key: string, value: string, done: (events: QueriedEvent[]) => boolean): Promise<QueriedEvent[]> {
  let events: QueriedEvent[] = [];
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const res = await fetch(`${ingest.url}/v1/query?event=${event}&limit=1000`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
    events = ((await res.json()) as { events: QueriedEvent[] }).events.filter((e) => (e.properties as Record<string, unknown> | undefined)?.[key] === value);
    if (done(events)) return events;
  }
  return events;
}

/**
 * A browser's first request to the fixtures' resource route (`track(args, …)`, no
 * wrapper), as a page's fetch() sends it: the aid its response sets (if any) and the ids
 * its event carries. Never an orphan: the event carries that aid, or no id.
 */
export async function firstResourceRequest(ingest: IngestServer, base: string): Promise<{ aid: string | undefined; ids: (string | undefined)[] }> {
  const probe = randomUUID();
  const headers = { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", accept: "*/*" };
  const res = await fetch(`${base}/api/ping?probe=${probe}`, { method: "POST", headers, redirect: "manual" });
  expect(res.status).toBe(200);
  const events = await eventsWhere(ingest, "api_ping", "probe", probe, (e) => e.length >= 1);
  return { aid: cookieId(res), ids: events.map((e) => e.anonymous_id ?? undefined) };
}

export const names = (events: QueriedEvent[]) => events.map((e) => e.event).sort();
export const has = (...wanted: string[]) => (events: QueriedEvent[]) => wanted.every((w) => events.some((e) => e.event === w));

export function aidCookies(res: Response): string[] {
  return res.headers.getSetCookie().filter((c) => c.startsWith("aid="));
}
export function cookieId(res: Response): string | undefined {
  return aidCookies(res)[0]?.slice(4).split(";")[0];
}
export function scriptPayload(html: string): { id: string; minted: boolean } | undefined {
  const m = /<script>window\.__aid=(\{[^<]*\});<\/script>/.exec(html);
  return m ? JSON.parse(m[1]!) : undefined;
}
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: browserHeaders({ "content-type": "application/x-www-form-urlencoded", ...headers }), body, redirect: "manual" });

async function withPage<T>(harness: Harness, fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await harness.browser.newContext();
  // The Setup renders no icon link: keep the browser's /favicon.ico (a 404 that would run
  // the root loader and add an app_loaded event) out of the visitor's events.
  await context.route("**/favicon.ico", (route) => route.fulfill({ status: 204 }));
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/** What differs between the frameworks, where the suite allows it. */
export interface SetupSuiteOptions {
  /**
   * Whether the framework merges identical Set-Cookie headers of several routes. Remix 2
   * classic under remix-serve does not (its polyfilled Headers has no getSetCookie), so a
   * first visit to a route that throws sends the same aid cookie twice: the root loader's
   * and the throwing route's, byte for byte the same.
   * @default true
   */
  dedupesSetCookie?: boolean;
}

/**
 * The Setup's checks for one served build (`base()` is its URL), registered in a describe
 * block named `label`. `serverEvents` are the server events of a first visit to "/" (the
 * Setup's root loader and the home route's loader).
 */
export function describeSetup(label: string, get: () => Harness, base: () => string, options: SetupSuiteOptions = {}): void {
  const serverEvents = ["app_loaded", "home_loaded"];

  describe(label, () => {
    it("first visit in Chromium: Set-Cookie id == window.__aid == localStorage mm_aid == the root and route loaders' events == the $pageview's", async () => {
      const { ingest } = get();
      await withPage(get(), async (context) => {
        const page = await context.newPage();
        const response = (await page.goto(`${base()}/`))!;
        expect(response.status()).toBe(200);
        const setCookies = (await response.headerValues("set-cookie")).flatMap((v) => v.split("\n")).filter((c) => c.startsWith("aid="));
        expect(setCookies).toHaveLength(1);
        const id = setCookies[0]!.slice(4).split(";")[0]!;
        expect(id).toMatch(ID);
        expect(setCookies[0]).toBe(`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`);
        expect(scriptPayload(await response.text())).toEqual({ id, minted: true });
        expect(await page.evaluate(() => (window as unknown as { __aid?: unknown }).__aid)).toEqual({ id, minted: true });
        // The browser SDK started (after hydration) and adopted the server's id.
        await page.waitForFunction(() => localStorage.getItem("mm_aid") !== null, undefined, { timeout: 15_000 });
        expect(await page.evaluate(() => localStorage.getItem("mm_aid"))).toBe(id);
        expect((await context.cookies(base())).filter((c) => c.name === "aid").map((c) => c.value)).toEqual([id]);
        const events = await eventsOf(ingest, id, has(...serverEvents, "$pageview"));
        expect(names(events.filter((e) => e.source === "server"))).toEqual(serverEvents);
        expect(events.filter((e) => e.source === "browser").map((e) => e.event)).toEqual(["$pageview"]);
        expect(events.every((e) => e.anonymous_id === id)).toBe(true);
      });
    }, 60_000);

    // The action runs before any loader and its track(args) owns no response: were it to
    // mint, a redirecting action would leave its event under an id no cookie keeps.
    it("a cookieless form POST to an unwrapped action: one Set-Cookie (the root loader's), whose id the loaders' events carry; the action's event carries none", async () => {
      const { ingest } = get();
      const plan = `starter-${randomUUID()}`;
      const res = await post(`${base()}/?index`, form({ plan }));
      expect(res.status).toBe(200);
      expect(aidCookies(res)).toHaveLength(1);
      const id = cookieId(res)!;
      expect(id).toMatch(ID);
      expect(scriptPayload(await res.text())).toEqual({ id, minted: true });
      expect(names(await eventsOf(ingest, id, has(...serverEvents)))).toEqual(serverEvents);
      const [action] = await eventsWhere(ingest, "action_submitted", "plan", plan, (e) => e.length >= 1);
      expect(action).toMatchObject({ source: "server", properties: { plan } });
      // Sent without anonymous_id (the local ingest, as the hosted one, then stores an id of
      // its own, never the cookie's); what is sent is checked exactly by the resource route test.
      expect(action!.anonymous_id).not.toBe(id);
    });

    it("a browser's first request to a resource route using track(args, …): no Set-Cookie and an id-less event — never an orphan id", async () => {
      expect(await firstResourceRequest(get().ingest, base())).toEqual({ aid: undefined, ids: [undefined] });
    });

    it("a returning visitor's document and action: no Set-Cookie, every event on the cookie's id", async () => {
      const { ingest } = get();
      const first = await fetch(`${base()}/`, { headers: browserHeaders() });
      const id = cookieId(first)!;
      expect(aidCookies(first)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
      expect(scriptPayload(await first.text())).toEqual({ id, minted: true });

      const again = await fetch(`${base()}/`, { headers: browserHeaders({ cookie: `aid=${id}` }) });
      expect(aidCookies(again)).toEqual([]);
      expect(scriptPayload(await again.text())).toEqual({ id, minted: false });

      const action = await post(`${base()}/?index`, form({ plan: "team" }), { cookie: `aid=${id}` });
      expect(action.status).toBe(200);
      expect(aidCookies(action)).toEqual([]);
      expect(scriptPayload(await action.text())).toEqual({ id, minted: false });
      const events = await eventsOf(ingest, id, (e) => e.filter((x) => x.event === "app_loaded").length === 3 && has("action_submitted")(e));
      expect(events.find((e) => e.event === "action_submitted")).toMatchObject({ anonymous_id: id, source: "server", properties: { plan: "team" } });
      expect(names(events)).toEqual(["action_submitted", ...["app_loaded", "app_loaded", "app_loaded"], ...["home_loaded", "home_loaded", "home_loaded"]]);
    });

    it("withMillimetric: plain track() in an action, and a first visit's redirect carries the cookie", async () => {
      const res = await post(`${base()}/signup`, form({ email: "a@example.com" }));
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
      expect(aidCookies(res)).toHaveLength(1);
      const id = cookieId(res)!;
      expect(id).toMatch(ID);
      const [signup] = await eventsOf(get().ingest, id, (e) => e.length >= 1);
      expect(signup).toMatchObject({ event: "signup", anonymous_id: id, user_id: "user_42" });
    });

    it("a thrown data()/json() response keeps its status and gets the cookie", async () => {
      const res = await fetch(`${base()}/gone`, { headers: browserHeaders() });
      expect(res.status).toBe(410);
      const id = cookieId(res)!;
      expect(id).toMatch(ID);
      const cookie = `aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`;
      expect(aidCookies(res)).toEqual(options.dedupesSetCookie === false ? [cookie, cookie] : [cookie]);
      expect(scriptPayload(await res.text())).toEqual({ id, minted: true });
      expect(names(await eventsOf(get().ingest, id, has("gone_loaded", "app_loaded")))).toEqual(["app_loaded", "gone_loaded"]);
    });

    it("a hostile cookie is replaced and never reaches the HTML", async () => {
      const payload = "</script><script>alert(1)</script>";
      const res = await fetch(`${base()}/`, { headers: browserHeaders({ cookie: `aid=${encodeURIComponent(payload)}` }) });
      const html = await res.text();
      const id = cookieId(res)!;
      expect(id).toMatch(ID);
      expect(html).not.toContain("alert(1)");
      expect(scriptPayload(html)).toEqual({ id, minted: true });
    });

    // A real navigation, not a double count: React Router and Remix submit an index route's
    // <Form method="post"> to "/?index" and push that URL (a new history entry) as the
    // navigation's result. The browser SDK counts every history change to a new pathname +
    // search, so "/" then "/?index" are two $pageview events at path "/" (README, "Page
    // views and form submissions"): exactly one per URL, none twice.
    it("one visit and one form submit in Chromium: the router pushes /?index once, and each URL gets exactly one $pageview", async () => {
      const { id, url, historyCalls, pageviews, events } = await visitAndSubmit(get(), base());
      expect(events.find((e) => e.event === "action_submitted")).toMatchObject({ anonymous_id: id, properties: { plan: "pro" } });
      // What the router does on the submit: one pushState to the form's action URL.
      expect(url).toBe("/?index");
      expect(historyCalls.filter((c) => c.startsWith("pushState"))).toEqual(["pushState /?index"]);
      expect(pageviews).toHaveLength(2);
      expect(pageviews).toEqual(expect.arrayContaining([
        { path: "/", url: `${base()}/` },
        { path: "/", url: `${base()}/?index` },
      ]));
    }, 60_000);
  });
}

/** What one visit plus one form submit looks like from the browser: history calls, final URL, $pageview events. */
export async function visitAndSubmit(harness: Harness, base: string) {
  return withPage(harness, async (context) => {
    const page = await context.newPage();
    // Before any app script: logs every history call the router (and anyone else) makes.
    await page.addInitScript(() => {
      const log: string[] = ((window as unknown as { __history: string[] }).__history = []);
      for (const m of ["pushState", "replaceState"] as const) {
        const orig = history[m];
        history[m] = function (this: History, ...args: Parameters<History["pushState"]>) {
          const to = args[2] == null ? undefined : new URL(String(args[2]), location.href);
          log.push(`${m} ${to ? to.pathname + to.search : "(same URL)"}`);
          return orig.apply(this, args);
        } as History["pushState"];
      }
      addEventListener("popstate", () => log.push(`popstate ${location.pathname}${location.search}`));
    });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => localStorage.getItem("mm_aid") !== null, undefined, { timeout: 15_000 });
    const id = (await page.evaluate(() => localStorage.getItem("mm_aid")))!;
    await page.click("button[type=submit]");
    await page.waitForSelector("#submitted", { timeout: 15_000 });
    // The router pushes the submission's URL as it commits the navigation: wait for it.
    await page.waitForFunction(() => location.search !== "", undefined, { timeout: 15_000 }).catch(() => undefined);
    const url = await page.evaluate(() => location.pathname + location.search);
    const historyCalls = await page.evaluate(() => (window as unknown as { __history: string[] }).__history);
    // The SDK sends every 2 s (and on pagehide): closing the page flushes what is left.
    await page.close({ runBeforeUnload: true });
    const events = await eventsOf(harness.ingest, id, (e) => e.some((x) => x.event === "action_submitted") && e.some((x) => x.event === "$pageview"));
    await new Promise((r) => setTimeout(r, 2_500)); // a late second $pageview would land by now
    const all = await eventsOf(harness.ingest, id, () => true);
    const pageviews = all.filter((e) => e.event === "$pageview").map((e) => ({ path: e.path, url: e.url }));
    return { id, url, historyCalls, pageviews, events };
  });
}
