// Issue 28, acceptance (a): an SPA calling an API on another origin, as the React README's
// "API on another origin" documents it. The README's snippets, verbatim (the first test holds
// the fixture to them), are a Vite app (React, built with `vite build`) served on one loopback
// port and an Express API (`millimetric()` + `cors`) on another, both installed outside the
// workspace from the packed tarballs. Real Chromium loads the SPA; its browser events and the
// API's server events go to the real local ingest. Per documented setup: one anonymous id
// across all of them from the very first call (a child's mount effect, before the provider's
// own effect), no `Set-Cookie` on any preflight or cross-origin call, and the app's own CORS
// allow-list, which names the exported header, lets every call through (without the header
// in it the browser refuses them: the control case).
//
// It lives here, not in packages/express, because it packs @millimetric/react too: this
// suite depends on packages whose builds include react's, so turbo builds it first.
//
// Topologies: 127.0.0.1:<port> → 127.0.0.1:<port> (Vite's localhost:5173 → :3001),
// app.example.com → api.example.net (two sites) and app.example.com → api.example.com (one
// site, subdomains): Chromium's --host-resolver-rules maps those names to 127.0.0.1, so
// the README's `domain: "example.com"` runs as written.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIngest, type IngestServer, type QueriedEvent } from "@millimetric/ingest";
import { freePort } from "@millimetric-internal/test-support/freePort";
import { cleanEnv, installPackedApp } from "@millimetric-internal/test-support/packedApp";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { runCommand, waitUntilListening } from "./appProcess";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Exact versions the fixture installs. */
const VERSIONS = { express: "5.3.0", cors: "2.8.6", react: "19.3.1", vite: "7.3.8", pluginReact: "5.1.4" } as const;
const FIXTURE = fileURLToPath(new URL("../fixtures/spaCrossOrigin", import.meta.url));
const README = readFileSync(new URL("../../../packages/react/README.md", import.meta.url), "utf8");
const HEADER = "x-millimetric-anonymous-id";
const ID = /^u_[0-9a-f]{32}$/;

let appDir: string;

beforeAll(async () => {
  appDir = await installPackedApp({
    template: FIXTURE,
    millimetric: ["@millimetric/express", "@millimetric/react"],
    dependencies: { express: VERSIONS.express, cors: VERSIONS.cors, react: VERSIONS.react, "react-dom": VERSIONS.react },
    devDependencies: { vite: VERSIONS.vite, "@vitejs/plugin-react": VERSIONS.pluginReact },
    packageJson: { type: "module" },
  });
}, 300_000);

afterAll(() => {
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

/**
 * Chromium for one setup. The example.com/.net names resolve to 127.0.0.1, and the two
 * origins count as secure, as https ones would in production: the browser then sends
 * `Sec-Fetch-*` (only sent to trustworthy origins; 127.0.0.1 is one already), the signals
 * the servers' decision reads.
 */
function launch(origins: string[]): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--host-resolver-rules=MAP *.example.com 127.0.0.1, MAP *.example.net 127.0.0.1",
      `--unsafely-treat-insecure-origin-as-secure=${origins.join(",")}`,
    ],
  });
}

// ---------------------------------------------------------------------------------------
// The README's snippets, verbatim

/** The fenced code blocks of the React README, each as its lines joined (no final newline). */
const readmeBlocks = [...README.matchAll(/^```[a-z]*\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
const fixtureFile = (path: string) => readFileSync(join(FIXTURE, path), "utf8").replace(/\n$/, "");

/**
 * `file` is `base` with one run of lines replaced by a README block, as the README shows
 * setups b and c: only the lines that change. Returns that block's text.
 */
function replacedRun(base: string, file: string): string {
  const a = base.split("\n");
  const b = file.split("\n");
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return b.slice(start, b.length - end).join("\n");
}

describe("the fixture is the README's snippets, verbatim", () => {
  it.each(["src/a/App.jsx", "src/b/App.jsx", "src/a/api.js", "src/b/api.js", "src/c/api.js", "api/a.mjs"])("%s is a README block", (path) => {
    expect(readmeBlocks).toContain(fixtureFile(path));
  });

  it.each([
    ["src/c/App.jsx", "src/a/App.jsx"],
    ["api/b.mjs", "api/a.mjs"],
    ["api/c.mjs", "api/a.mjs"],
  ])("%s is %s with the README's block for its setup in place of the lines it changes", (path, base) => {
    const run = replacedRun(fixtureFile(base), fixtureFile(path));
    expect(run.length).toBeGreaterThan(0);
    expect(readmeBlocks).toContain(run);
  });
});

// ---------------------------------------------------------------------------------------
// The harness: ingest, SPA build and static server, API process, recorded responses

/** One response of the API, as record.mjs (preloaded into the API process) saw it. */
interface ApiResponse {
  method: string;
  url: string;
  status: number;
  origin: string | null;
  site: string | null;
  mode: string | null;
  header: string | null;
  cookie: string | null;
  setCookie: string[];
}

interface Running {
  browser: Browser;
  app: string;
  api: string;
  ingest: IngestServer;
  responses: ApiResponse[];
  stopApi(): Promise<void>;
  startApi(file: string): Promise<void>;
  events(): Promise<QueriedEvent[]>;
  waitForEvents(until: (events: QueriedEvent[]) => boolean): Promise<QueriedEvent[]>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

/** Serves `dir()` (a built SPA) on 127.0.0.1, index.html for every other path. */
async function staticServer(dir: () => string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, "http://x").pathname);
    const file = join(dir(), path);
    const found = !path.includes("..") && existsSync(file) && statSync(file).isFile() ? file : join(dir(), "index.html");
    res.writeHead(200, { "content-type": TYPES[extname(found)] ?? "application/octet-stream" }).end(readFileSync(found));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as { port: number }).port };
}


/**
 * A fresh ingest (allowing the SPA's origin), the SPA of `setup` built with `vite build`
 * for its API's URL and served on `appHost`, and the API (`api/<setup>.mjs`) on `apiHost`.
 */
async function start(setup: "a" | "b" | "c", appHost: string, apiHost: string): Promise<Running> {
  const db = mkdtempSync(join(tmpdir(), "mm-spa-ingest-"));
  const ingest = await startIngest({
    port: 0,
    host: "127.0.0.1",
    rateLimits: false,
    dbPath: join(db, "events.sqlite"),
    env: {},
    allowedOrigins: ["http://127.0.0.1:*", "http://app.example.com:*"],
  });
  const outDir = `dist-${setup}-${appHost}-${apiHost}`.replace(/[^a-z0-9-]/g, "_");
  const spa = await staticServer(() => join(appDir, outDir));
  const app = `http://${appHost}:${spa.port}`;
  const apiPort = await freePort();
  const api = `http://${apiHost}:${apiPort}`;
  await runCommand(appDir, process.execPath, ["node_modules/vite/bin/vite.js", "build", "--outDir", outDir, "--emptyOutDir"], cleanEnv({
    NODE_ENV: "production",
    SETUP: setup,
    VITE_API_URL: api,
    VITE_MILLIMETRIC_KEY: ingest.keys.publishable,
    VITE_MILLIMETRIC_HOST: ingest.url,
  }));

  const responses: ApiResponse[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  let log = "";
  const startApi = async (file: string) => {
    // No MILLIMETRIC_* from the developer's shell; development, so a misuse would throw.
    const env = cleanEnv({ NODE_ENV: "development", PORT: String(apiPort), APP_ORIGIN: app, MILLIMETRIC_SECRET_KEY: ingest.keys.secret, MILLIMETRIC_HOST: ingest.url });
    child = spawn(process.execPath, ["--import", "./record.mjs", file], { cwd: appDir, env, stdio: ["ignore", "pipe", "pipe"] });
    exited = new Promise((r) => child!.once("exit", r));
    let pending = "";
    child.stdout!.on("data", (d: Buffer) => {
      pending += d;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith("[api] ")) responses.push(JSON.parse(line.slice(6)) as ApiResponse);
        else log += line + "\n";
      }
    });
    child.stderr!.on("data", (d: Buffer) => (log += d));
    await waitUntilListening(apiPort, child, () => log, "the API");
  };
  // SIGTERM: the middleware's flushOnExit delivers what is queued, then the process ends.
  const stopApi = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  await startApi(`api/${setup}.mjs`);
  const browser = await launch([app, api]);

  const events = async () => {
    const res = await fetch(`${ingest.url}/v1/query?limit=1000`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { events: QueriedEvent[] }).events;
  };
  return {
    browser,
    app,
    api,
    ingest,
    responses,
    startApi,
    stopApi,
    events,
    async waitForEvents(until) {
      const end = Date.now() + 30_000;
      for (;;) {
        const got = await events();
        if (until(got)) return got;
        if (Date.now() > end) throw new Error(`waited for events; got ${JSON.stringify(got.map((e) => [e.event, e.source, e.anonymous_id]))}\nAPI log:\n${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      await browser.close();
      await stopApi();
      await new Promise((r) => spa.server.close(r));
      await ingest.close();
      rmSync(db, { recursive: true, force: true });
    },
  };
}

/** A fresh visitor: no cookie, no localStorage. Console errors and page errors are kept. */
async function visitor(r: Running): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await r.browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  // The API has no favicon: the one error a page of its may log.
  page.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** Polls `cond` (the API's responses arrive on its stdout). */
async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The visitor's path through the SPA: load it (the mount effect calls GET /plans), choose
 * "pro" (a browser event, then POST /subscribe). Returns the SPA's id.
 */
async function useSpa(r: Running, page: Page): Promise<string> {
  const before = r.responses.length;
  await page.goto(r.app + "/");
  await page.getByRole("button", { name: "pro" }).click({ timeout: 20_000 });
  await until(() => r.responses.slice(before).some((x) => x.method === "POST" && x.url === "/subscribe"), "POST /subscribe");
  const id = await page.evaluate(() => localStorage.getItem("mm_aid"));
  expect(id).toMatch(ID);
  return id!;
}

/** The events of one visitor's SPA path: two in the browser, two on the API. */
const SPA_EVENTS = [
  ["$pageview", "browser"],
  ["chose_plan", "browser"],
  ["listed_plans", "server"],
  ["subscribed", "server"],
];
const names = (events: QueriedEvent[]) => events.map((e) => [e.event, e.source]).sort();
const hasAll = (expected: string[][]) => (events: QueriedEvent[]) => expected.every(([n, s]) => events.some((e) => e.event === n && e.source === s));

/** What a cross-origin call must look like on the API: the id in the header, no cookie set. */
function expectCalls(responses: ApiResponse[], id: string, site: "same-site" | "cross-site") {
  // Everything the API answered set no cookie (also a favicon request, a navigation's).
  for (const x of responses) expect(x.setCookie).toEqual([]);
  const preflights = responses.filter((x) => x.method === "OPTIONS");
  // The SPA's calls: the requests with an Origin (the browser's own favicon fetch has none).
  const calls = responses.filter((x) => x.method !== "OPTIONS" && x.origin !== null);
  // The custom header makes each call preflighted; each preflight answered by cors (204).
  expect(preflights.length).toBeGreaterThanOrEqual(1);
  for (const p of preflights) expect(p).toMatchObject({ status: 204, site, mode: "cors", setCookie: [] });
  expect(calls.map((x) => `${x.method} ${x.url}`)).toEqual(["GET /plans", "POST /subscribe"]);
  // From the very first call (the child's mount effect): the SPA's id, never "undefined".
  for (const c of calls) expect(c).toMatchObject({ site, mode: "cors", header: id, setCookie: [] });
}

// ---------------------------------------------------------------------------------------
// The setups

describe("a. the header, no credentials", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1", "same-site"],
    ["app.example.com", "api.example.net", "cross-site"],
  ] as const)("SPA on %s, API on %s (%s): one id from the first call, no Set-Cookie, no cookie sent", async (appHost, apiHost, site) => {
    const r = await start("a", appHost, apiHost);
    try {
      const v = await visitor(r);
      const id = await useSpa(r, v.page);
      expectCalls(r.responses, id, site);
      for (const x of r.responses) expect(x.cookie).toBeNull(); // credential-less: nothing to keep
      const events = await r.waitForEvents(hasAll(SPA_EVENTS));
      expect(names(events)).toEqual([...SPA_EVENTS].sort());
      expect(events.map((e) => e.anonymous_id)).toEqual(events.map(() => id));
      expect(v.errors).toEqual([]);
      await v.context.close();

      if (site === "same-site") {
        // The control: the same API with an allow-list that lacks the header (the issue's
        // "every API call fails"). The preflight is answered without it, so the browser
        // never sends the call.
        await r.stopApi();
        const base = readFileSync(join(appDir, "api/a.mjs"), "utf8");
        const without = base.replace(`allowedHeaders: ["content-type", ANONYMOUS_ID_HEADER]`, `allowedHeaders: ["content-type"]`);
        expect(without).not.toBe(base);
        writeFileSync(join(appDir, "api/a-without-header.mjs"), without);
        const before = r.responses.length;
        await r.startApi("api/a-without-header.mjs");
        const control = await visitor(r);
        await control.page.goto(r.app + "/");
        await until(() => control.errors.some((e) => /CORS|Access-Control-Allow-Headers/i.test(e)), "the browser's CORS refusal");
        expect(r.responses.slice(before).map((x) => x.method)).toEqual(["OPTIONS"]);
        expect(await control.page.getByRole("button").count()).toBe(0);
        await control.context.close();
      }
    } finally {
      await r.close();
    }
  });
});

describe("b. the header and credentials", () => {
  it("SPA on 127.0.0.1, API on 127.0.0.1 (another port): one id from the first call, no Set-Cookie", async () => {
    const r = await start("b", "127.0.0.1", "127.0.0.1");
    try {
      const v = await visitor(r);
      const id = await useSpa(r, v.page);
      expectCalls(r.responses, id, "same-site");
      const events = await r.waitForEvents(hasAll(SPA_EVENTS));
      expect(names(events)).toEqual([...SPA_EVENTS].sort());
      expect(events.map((e) => e.anonymous_id)).toEqual(events.map(() => id));
      // Nobody minted behind the SPA's back: no aid cookie anywhere.
      expect((await v.context.cookies()).map((c) => c.name)).toEqual([]);
      expect(v.errors).toEqual([]);
      await v.context.close();
    } finally {
      await r.close();
    }
  });
});

describe("c. one site, one cookie (app.example.com + api.example.com)", () => {
  it("the SPA first: its id is in the shared cookie before the first call; the API's own pages carry it too", async () => {
    const r = await start("c", "app.example.com", "api.example.com");
    try {
      const v = await visitor(r);
      const id = await useSpa(r, v.page);
      expectCalls(r.responses, id, "same-site");
      // Credentials: the shared cookie went with every call, already holding the SPA's id.
      for (const c of r.responses.filter((x) => x.method !== "OPTIONS" && x.origin !== null)) expect(c.cookie).toBe(`aid=${id}`);
      const cookies = await v.context.cookies();
      expect(cookies.map((c) => [c.name, c.value, c.domain])).toEqual([["aid", id, ".example.com"]]);

      // A page of the API's, opened from the SPA (a link): the same visitor, nothing to set.
      const beforeLink = r.responses.length;
      await Promise.all([v.page.waitForURL(r.api + "/plans"), v.page.evaluate((url) => void (location.href = url), r.api + "/plans")]);
      const nav = r.responses.slice(beforeLink).find((x) => x.mode === "navigate");
      expect(nav).toMatchObject({ method: "GET", url: "/plans", site: "same-site", cookie: `aid=${id}`, header: null, setCookie: [] });
      const expected = [...SPA_EVENTS, ["listed_plans", "server"]];
      const events = await r.waitForEvents((e) => e.filter((x) => x.event === "listed_plans").length === 2 && hasAll(SPA_EVENTS)(e));
      expect(names(events)).toEqual(expected.sort());
      expect(events.map((e) => e.anonymous_id)).toEqual(events.map(() => id));
      expect(v.errors).toEqual([]);
      await v.context.close();

      // Another visitor lands on the API's page first: minted there, on the parent domain;
      // the SPA adopts that id, and everything after carries it.
      const w = await visitor(r);
      const before = r.responses.length;
      await w.page.goto(r.api + "/plans");
      const landing = r.responses.slice(before).find((x) => x.mode === "navigate")!;
      expect(landing).toMatchObject({ method: "GET", url: "/plans", site: "none", cookie: null });
      const minted = /^aid=(u_[0-9a-f]{32}); /.exec(landing.setCookie[0] ?? "")?.[1];
      expect(minted).toMatch(ID);
      expect(landing.setCookie).toEqual([
        `aid=${minted}; Path=/; Max-Age=31536000; SameSite=Lax; Domain=example.com`,
        expect.stringMatching(new RegExp(`^mm_minted=${minted}; Path=/; Max-Age=\\d+; SameSite=Lax; Domain=example\\.com$`)),
      ]);
      const afterLanding = r.responses.length;
      expect(await useSpa(r, w.page)).toBe(minted);
      expectCalls(r.responses.slice(afterLanding), minted!, "same-site");
      const all = await r.waitForEvents((e) => e.filter((x) => x.anonymous_id === minted).length === 5);
      const theirs = all.filter((e) => e.anonymous_id === minted);
      expect(names(theirs)).toEqual([...SPA_EVENTS, ["listed_plans", "server"]].sort());
      // Two visitors, no third id and no event without one.
      expect(new Set(all.map((e) => e.anonymous_id))).toEqual(new Set([id, minted]));
      expect(w.errors).toEqual([]);
      await w.context.close();
    } finally {
      await r.close();
    }
  });
});
