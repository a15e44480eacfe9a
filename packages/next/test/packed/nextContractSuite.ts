// The acceptance tests of the id contract for one packed fixture app: install it from the
// tarballs, build it once against the real ingest, serve it once, and drive real Chromium
// through every surface the fixture has. Each packed-*.test.ts calls this with its app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Response as PageResponse } from "playwright-core";
import { freePort } from "@millimetric-internal/test-support/freePort";
import { newVisitor, unexpectedProblems, type Visitor } from "./chromiumVisitor";
import {
  installNextFixture,
  nextBuildOk,
  nextStart,
  parseRouteTable,
  removeFixture,
  routeTableLines,
  type NextFixtureSpec,
  type RunningNext,
} from "./packedNextApp";
import { startRealIngest, type QueriedEvent, type RealIngest } from "./realIngest";

/** A page or endpoint of the fixture, and the server event it tracks. */
export interface Tracked {
  path: string;
  event: string;
}

/** Which surfaces a fixture has (every fixture has a static page, a tracking page and a node route handler). */
export interface Surfaces {
  /** An App Router page with no dynamic API, and the route-table markers it may show. */
  staticPage: { path: string; markers: string[] };
  /** An App Router server component that tracks (and so renders per request). */
  trackingPage: Tracked & { markers: string[] };
  /** An App Router route handler on the Node runtime: GET tracks `event`, POST (webhook-shaped) tracks `webhookEvent`. */
  nodeRoute: Tracked & { webhookEvent: string };
  /** An App Router route handler with `runtime = "edge"`. */
  edgeRoute?: Tracked;
  /** A server action on `path`, submitted by clicking `#submit`. */
  action?: Tracked;
  /** Pages Router: a getServerSideProps page, a page without data fetching, an API route. */
  pages?: {
    gssp: Tracked;
    /** Renders React's `version` in `#react-version`. */
    staticPage: string;
    api: Tracked & { webhookEvent: string };
    /** The React the Pages Router must render with, when the fixture pins one apart from Next's bundled one. */
    reactVersion?: string;
  };
  /**
   * The fixture's proxy runs `withMillimetric({ relay: path })`: the browser SDK then sends
   * every event through the app's origin, and the ingest allows that origin only (its
   * track bucket small enough for a page to exhaust, so a 429 can be provoked).
   */
  relay?: { path: string };
}

const ID = /^u_[0-9a-f]{32}$/;
const SERVER_TIMEOUT = 120_000;
/** expect.poll with room for a loaded 2-core machine (its default gives up after 1 s). */
const POLL = { timeout: 15_000, interval: 100 };

/** The `Set-Cookie` lines of a navigation response. */
async function setCookies(res: PageResponse | null): Promise<string[]> {
  expect(res, "navigation response").not.toBeNull();
  return (await res!.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").flatMap((h) => h.value.split("\n"));
}

/** The id the proxy minted on this response, after checking both cookies' exact attributes. */
async function mintedId(res: PageResponse | null): Promise<string> {
  const lines = await setCookies(res);
  const aid = lines.find((l) => l.startsWith("aid="));
  const id = /^aid=([^;]*)/.exec(aid ?? "")?.[1] ?? "";
  expect(id, `Set-Cookie lines: ${JSON.stringify(lines)}`).toMatch(ID);
  expect(aid).toBe(`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`);
  expect(lines.filter((l) => l.startsWith("mm_minted="))).toEqual([`mm_minted=${id}; Path=/; Max-Age=300; SameSite=Lax`]);
  return id;
}

export function describeNextContract(name: string, spec: NextFixtureSpec, surfaces: Surfaces): void {
  describe(`${name}: packed @millimetric/next in an app outside the workspace`, () => {
    let ingest: RealIngest;
    let dir: string | undefined;
    let app: RunningNext;
    let buildOutput = "";
    let appPort: number | undefined;
    const visitors: Visitor[] = [];
    const timings: Record<string, number> = {};

    beforeAll(async () => {
      let t = Date.now();
      // With a relay the app's origin must be known before the ingest starts: it is the only one allowed.
      appPort = surfaces.relay ? await freePort() : undefined;
      ingest = await startRealIngest(
        // A track bucket a page can exhaust (the suite's server events, a few dozen, fit in its burst; track-node waits out a 429 anyway).
        surfaces.relay ? { allowedOrigins: [`http://127.0.0.1:${appPort}`], rateLimits: { batch: false, track: { ratePerSecond: 2, burst: 60 } } } : {},
      );
      dir = await installNextFixture(spec);
      timings.install = Date.now() - t;
      t = Date.now();
      // The browser key and host are inlined at build time; the secret stays a runtime variable.
      const build = await nextBuildOk(dir, {
        NEXT_PUBLIC_MILLIMETRIC_KEY: ingest.server.keys.publishable,
        NEXT_PUBLIC_MILLIMETRIC_HOST: ingest.url,
      });
      buildOutput = build.output;
      timings.build = Date.now() - t;
      t = Date.now();
      app = await nextStart(dir, { MILLIMETRIC_SECRET_KEY: ingest.server.keys.secret, MILLIMETRIC_HOST: ingest.url }, appPort);
      timings.start = Date.now() - t;
      console.log(`[${name}] install ${timings.install} ms, build ${timings.build} ms, start ${timings.start} ms\n${routeTableLines(buildOutput)}`);
    }, 600_000);

    afterAll(async () => {
      for (const v of visitors) await v.close().catch(() => {});
      await app?.stop();
      await ingest?.close();
      removeFixture(dir);
    }, 60_000);

    async function visitor(): Promise<Visitor> {
      const v = await newVisitor();
      visitors.push(v);
      return v;
    }

    /** Navigates and waits until the page rendered (every fixture page has #ready). */
    async function visit(v: Visitor, path: string) {
      const res = await v.page.goto(app.url + path);
      expect(res?.status(), `GET ${path}`).toBe(200);
      await v.page.locator("#ready").waitFor();
      return res;
    }

    const storedId = (v: Visitor) => v.page.evaluate(() => localStorage.getItem("mm_aid"));
    const cookieId = async (v: Visitor) => (await v.context.cookies(app.url)).find((c) => c.name === "aid")?.value;
    const fetchJson = (v: Visitor, path: string) =>
      v.page.evaluate((p) => fetch(p).then((r) => r.json()), path) as Promise<{ anonymous_id: string | null }>;

    /**
     * Every server event of `expected` for visitor `id`, once all have arrived; each carries
     * the request's path and url, the url as the visitor requested it (the origin its browser
     * used and reports in its own events), not the `localhost` of Next's own request.url under `next start`.
     */
    async function expectServerEvents(id: string, expected: Tracked[]): Promise<QueriedEvent[]> {
      const events = await ingest.waitFor({ anonymous_id: id }, (es) =>
        expected.every((t) => es.some((e) => e.event === t.event && e.source === "server")),
      );
      for (const t of expected) {
        const e = events.find((e) => e.event === t.event && e.source === "server")!;
        expect({ event: e.event, path: e.path, url: e.url }).toEqual({ event: t.event, path: t.path, url: app.url + t.path });
      }
      return events;
    }

    /** No server event of these names, since `since`, went to another visitor. */
    async function expectNoOtherVisitor(id: string, names: string[], since: string) {
      for (const event of names) {
        const strays = (await ingest.query({ event, from: since })).filter((e) => e.anonymous_id !== id);
        expect(strays.map((e) => [e.event, e.anonymous_id, e.path]), `${event} events with another id`).toEqual([]);
      }
    }

    function expectCleanConsole(v: Visitor) {
      expect(unexpectedProblems(v.problems)).toEqual([]);
    }

    it("prerenders the static page (route table), and renders the tracking page per request", () => {
      const routes = parseRouteTable(buildOutput);
      expect(routes.size, routeTableLines(buildOutput)).toBeGreaterThan(0);
      const table = `route table:\n${routeTableLines(buildOutput)}`;
      expect(routes.get(surfaces.staticPage.path), `${surfaces.staticPage.path} in the ${table}`).toBeOneOf(surfaces.staticPage.markers);
      expect(routes.get(surfaces.trackingPage.path), `${surfaces.trackingPage.path} in the ${table}`).toBeOneOf(surfaces.trackingPage.markers);
      if (surfaces.pages) expect(routes.get(surfaces.pages.staticPage), `${surfaces.pages.staticPage} in the ${table}`).toBe("○");
    });

    if (surfaces.pages?.reactVersion) {
      const { staticPage, reactVersion } = surfaces.pages;
      it(`renders the Pages Router with React ${reactVersion}`, async () => {
        const html = await (await fetch(app.url + staticPage)).text();
        expect(/<p id="react-version">([^<]*)<\/p>/.exec(html)?.[1]).toBe(reactVersion);
      });
    }

    it(
      "first visit, landing on the static page: one id in Set-Cookie, localStorage and every server event",
      async () => {
        const since = new Date().toISOString();
        const v = await visitor();
        const id = await mintedId(await visit(v, surfaces.staticPage.path));
        // No script on a static page: the browser SDK took the id from the cookies.
        await expect.poll(() => storedId(v), POLL).toBe(id);

        const expected: Tracked[] = [];
        if (surfaces.pages) {
          await visit(v, surfaces.pages.gssp.path);
          expect(await v.page.locator("#server-aid").textContent()).toBe(id);
          expected.push(surfaces.pages.gssp);
          await visit(v, surfaces.pages.staticPage);
        }
        await visit(v, surfaces.trackingPage.path);
        await expect.poll(() => v.page.locator("#server-aid").textContent(), POLL).toBe(id);
        expected.push(surfaces.trackingPage);
        if (surfaces.action) {
          await visit(v, surfaces.action.path);
          await v.page.click("#submit");
          expected.push(surfaces.action);
        }
        // Route handlers called from the page, as an app's own fetches are.
        const endpoints = [surfaces.nodeRoute, surfaces.edgeRoute, surfaces.pages?.api].filter((t): t is Tracked => !!t);
        for (const t of endpoints) expect(await fetchJson(v, t.path), t.path).toEqual({ anonymous_id: id });
        expected.push(...endpoints);

        // The browser's own page views carry it too, with the URL the visitor saw; a server
        // event of the same visit must report the same origin.
        const views = await ingest.waitFor({ anonymous_id: id, event: "$pageview" }, (es) =>
          es.some((e) => e.path === surfaces.staticPage.path && e.source === "browser"),
        );
        expect(views.find((e) => e.path === surfaces.staticPage.path)!.url).toBe(app.url + surfaces.staticPage.path);
        const events = await expectServerEvents(id, expected);
        for (const e of events) expect(e.anonymous_id).toBe(id);
        await expectNoOtherVisitor(id, expected.map((t) => t.event), since);
        expect(await cookieId(v)).toBe(id);
        expect(await storedId(v)).toBe(id);
        expectCleanConsole(v);
      },
      SERVER_TIMEOUT,
    );

    it(
      "first visit, landing on the tracking server component: its event has the id the same response sets",
      async () => {
        const since = new Date().toISOString();
        const v = await visitor();
        const id = await mintedId(await visit(v, surfaces.trackingPage.path));
        await expect.poll(() => v.page.locator("#server-aid").textContent(), POLL).toBe(id);
        await expect.poll(() => storedId(v), POLL).toBe(id);
        await expectServerEvents(id, [surfaces.trackingPage]);
        await expectNoOtherVisitor(id, [surfaces.trackingPage.event], since);
        expectCleanConsole(v);
      },
      SERVER_TIMEOUT,
    );

    if (surfaces.pages) {
      const pages = surfaces.pages;
      it(
        "first visit, landing on a getServerSideProps page: its event has the id the same response sets",
        async () => {
          const since = new Date().toISOString();
          const v = await visitor();
          const id = await mintedId(await visit(v, pages.gssp.path));
          expect(await v.page.locator("#server-aid").textContent()).toBe(id);
          await expect.poll(() => storedId(v), POLL).toBe(id);
          await expectServerEvents(id, [pages.gssp]);
          await expectNoOtherVisitor(id, [pages.gssp.event], since);
          expectCleanConsole(v);
        },
        SERVER_TIMEOUT,
      );
    }

    it(
      "a returning visitor whose aid cookie was cleared keeps the stored id, and the cookie is rewritten to it",
      async () => {
        const v = await visitor();
        const id = await mintedId(await visit(v, surfaces.staticPage.path));
        await expect.poll(() => storedId(v), POLL).toBe(id);

        // Landing pages without a script: the App Router static page, then the Pages Router one.
        for (const landing of [surfaces.staticPage.path, surfaces.pages?.staticPage].filter((p): p is string => !!p)) {
          await v.context.clearCookies({ name: "aid" });
          const fresh = await mintedId(await visit(v, landing));
          expect(fresh).not.toBe(id);
          // The id just minted loses to the stored one, which the browser writes back.
          await expect.poll(() => cookieId(v), { ...POLL, message: `aid cookie after landing on ${landing}` }).toBe(id);
          expect(await storedId(v)).toBe(id);
          const cookie = (await v.context.cookies(app.url)).find((c) => c.name === "aid")!;
          expect({ path: cookie.path, sameSite: cookie.sameSite, httpOnly: cookie.httpOnly }).toEqual({ path: "/", sameSite: "Lax", httpOnly: false });
          expect(cookie.expires * 1000).toBeGreaterThan(Date.now() + 360 * 24 * 3600 * 1000);
        }

        // From the next request on the server follows it.
        const since = new Date().toISOString();
        await visit(v, surfaces.trackingPage.path);
        await expect.poll(() => v.page.locator("#server-aid").textContent(), POLL).toBe(id);
        const api = surfaces.pages?.api ?? surfaces.nodeRoute;
        expect(await fetchJson(v, api.path)).toEqual({ anonymous_id: id });
        await expectServerEvents(id, [surfaces.trackingPage, api]);
        await expectNoOtherVisitor(id, [surfaces.trackingPage.event, api.event], since);
        expectCleanConsole(v);
      },
      SERVER_TIMEOUT,
    );

    it(
      "a cookie id that was not minted on this request wins over a different stored id",
      async () => {
        const v = await visitor();
        const id = await mintedId(await visit(v, surfaces.staticPage.path));
        await expect.poll(() => storedId(v), POLL).toBe(id);
        // Five minutes later (mm_minted expired), with another id in localStorage.
        await v.page.evaluate(() => localStorage.setItem("mm_aid", "u_0123456789abcdef0123456789abcdef"));
        await v.context.clearCookies({ name: "mm_minted" });
        const res = await visit(v, surfaces.staticPage.path);
        expect((await setCookies(res)).filter((l) => l.startsWith("mm_minted="))).toEqual([]);
        await expect.poll(() => storedId(v), POLL).toBe(id);
        expect(await cookieId(v)).toBe(id);
        expectCleanConsole(v);
      },
      SERVER_TIMEOUT,
    );

    it(
      "webhook-shaped requests (plain Node fetch, no cookie) get no id and no Set-Cookie",
      async () => {
        const hooks = [surfaces.nodeRoute, surfaces.pages?.api].filter((t): t is Tracked & { webhookEvent: string } => !!t);
        for (const hook of hooks) {
          const res = await fetch(app.url + hook.path, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ type: "checkout.session.completed" }),
          });
          expect(res.status, hook.path).toBe(200);
          expect(res.headers.getSetCookie(), hook.path).toEqual([]);
          expect(await res.json(), hook.path).toEqual({ anonymous_id: null });
          const [e] = await ingest.waitFor({ event: hook.webhookEvent }, (es) => es.length > 0);
          expect({ user_id: e!.user_id, anonymous_id: e!.anonymous_id, path: e!.path }).toEqual({
            user_id: "user_webhook",
            anonymous_id: null,
            path: hook.path,
          });
        }
        // A page fetched by a script (a health check, a crawler without Sec-Fetch-*) is not a visitor either.
        const res = await fetch(app.url + surfaces.staticPage.path);
        expect(res.status).toBe(200);
        expect(res.headers.getSetCookie()).toEqual([]);
      },
      SERVER_TIMEOUT,
    );

    if (surfaces.relay) {
      const relay = surfaces.relay;
      it(
        "the relay: the browser sends through the app's origin (the only one the ingest allows), with its IP and User-Agent recorded; 2 MB is refused; a 429 reaches the page with Retry-After",
        async () => {
          const v = await visitor();
          // What a platform in front of Next states about the visitor (the relay's default trust).
          await v.context.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.9" });
          const posts: string[] = [];
          v.page.on("request", (r) => void (r.method() === "POST" && posts.push(r.url())));
          const res = await visit(v, surfaces.staticPage.path);
          expect(await setCookies(res)).toContain(`mm_relay=${relay.path}; Path=/; Max-Age=86400; SameSite=Lax`);
          const id = await mintedId(res);
          const [view] = await ingest.waitFor({ anonymous_id: id, event: "$pageview" }, (es) => es.some((e) => e.source === "browser"));
          expect({ source: view!.source, url: view!.url, ip: view!.ip }).toEqual({ source: "browser", url: app.url + surfaces.staticPage.path, ip: "203.0.113.9" });
          expect(posts).toContain(`${app.url}${relay.path}/v1/batch`);
          expect(posts.filter((u) => u.startsWith(ingest.url)), "requests straight to the ingest").toEqual([]);
          // The ingest derived the device from the visitor's User-Agent (shown beside the IP on its events page).
          const page = await (await fetch(`${ingest.url}/?partial=1`)).text();
          const card = page.slice(page.indexOf(`data-anonymous-id="${id}"`));
          expect(card.slice(0, card.indexOf("</header>"))).toMatch(/Chrome · Linux · desktop<\/span><span class="ip">ip 203\.0\.113\.9</);

          const key = ingest.server.keys.publishable;
          const big = await v.page.evaluate(
            async ({ key, path }) => {
              const body = JSON.stringify({ events: [{ event: "too_big", properties: { pad: "x".repeat(2 * 1024 * 1024) } }] });
              const r = await fetch(`${path}/v1/batch`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
              return { status: r.status, error: ((await r.json()) as { error: string }).error };
            },
            { key, path: relay.path },
          );
          expect(big).toEqual({ status: 413, error: "invalid_payload" });
          expect(await ingest.query({ event: "too_big" })).toEqual([]);

          // The track bucket's burst spent from the page, through the relay.
          const limited = await v.page.evaluate(
            async ({ key, path }) => {
              const send = () =>
                fetch(`${path}/v1/track`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: '{"event":"burst"}' });
              for (let i = 0; i < 40; i++) {
                const answers = await Promise.all(Array.from({ length: 10 }, send));
                const hit = answers.find((r) => r.status === 429);
                if (hit) return { status: hit.status, retryAfter: hit.headers.get("retry-after"), error: ((await hit.json()) as { error: string }).error };
              }
              return null;
            },
            { key, path: relay.path },
          );
          expect(limited).toMatchObject({ status: 429, error: "rate_limited" });
          expect(Number(limited!.retryAfter)).toBeGreaterThanOrEqual(1);
          // Chromium logs the refusals provoked above ("status of 413", "429"); nothing else may show.
          expect(unexpectedProblems(v.problems).filter((p) => !/status of (413|429)/.test(p.text))).toEqual([]);
        },
        SERVER_TIMEOUT,
      );
    }
  });
}
