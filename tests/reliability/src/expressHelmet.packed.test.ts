// Issue 28, acceptance (b): an Express page under helmet()'s default Content-Security-Policy
// with the browser SDK bundled, as the Express README's "The browser SDK on an Express page"
// documents it. The README's snippets, verbatim (the first tests hold the fixture to them),
// are an Express 5 app with helmet 8 and the first-party relay, and a bundle of
// `@millimetric/track` built with esbuild from the installed package; all of it installed
// outside the workspace from the packed tarballs. Real Chromium visits the page; the
// server's events and the browser's go to the real local ingest.
// Per setup (the bundle through the relay, the bundle with the README's `connect-src` line,
// the script tag served from the app, the nonce recipe with `aidScript()`): one id across
// the server's events and the browser's `$pageview`s on a first visit and a return visit,
// no CSP violation (every `securitypolicyviolation` is logged as a console error, and any
// console error fails), the browser's events accepted where the setup sends them. And the
// case `mm_minted` exists for: a browser that kept its stored id but lost its cookies keeps
// its id, and the server's next events carry it.
//
// Checked by hand to fail (not a switch here): the bundle without `anonymousId: pageAid()`
// (the first visit splits), the bundle sending to the ingest under helmet's defaults (the
// browser's events refused by `connect-src`), the app's `mm_minted` cookie stripped (the
// browser that kept its id adopts the new one).
//
// It lives here, not in packages/express, because it packs @millimetric/track, which express
// does not depend on: this suite depends on packages whose builds include track's.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIngest, type IngestServer, type QueriedEvent } from "@millimetric/ingest";
import { freePort } from "@millimetric-internal/test-support/freePort";
import { cleanEnv, installPackedApp } from "@millimetric-internal/test-support/packedApp";
import { chromium, type Browser, type BrowserContext, type Page, type Response } from "playwright-core";
import { runCommand, waitUntilListening } from "./appProcess";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Exact versions the fixture installs (helmet: the latest 8.x). */
const VERSIONS = { express: "5.3.0", helmet: "8.3.0", esbuild: "0.25.12" } as const;
const FIXTURE = fileURLToPath(new URL("../fixtures/expressHelmet", import.meta.url));
const README = readFileSync(new URL("../../../packages/express/README.md", import.meta.url), "utf8");
const ID = /^u_[0-9a-f]{32}$/;
/** The README's placeholder key: the one thing a reader replaces, with their own pk_ key. */
const PLACEHOLDER_KEY = "pk_live_…";

let appDir: string;
let browser: Browser;

beforeAll(async () => {
  [appDir, browser] = await Promise.all([
    installPackedApp({
      template: FIXTURE,
      millimetric: ["@millimetric/express", "@millimetric/track"],
      dependencies: { express: VERSIONS.express, helmet: VERSIONS.helmet },
      devDependencies: { esbuild: VERSIONS.esbuild },
      packageJson: { type: "module" },
    }),
    chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] }),
  ]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// The README's snippets, verbatim

/** The fenced code blocks of the Express README, each as its lines joined (no final newline). */
const readmeBlocks = [...README.matchAll(/^```[a-z]*\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
const fixtureFile = (path: string) => readFileSync(join(FIXTURE, path), "utf8").replace(/\n$/, "");
/** The README's `connect-src` line, and the SDK's default host it names. */
const CONNECT_SRC_LINE = readmeBlocks.find((b) => b.startsWith("app.use(helmet({ contentSecurityPolicy: { directives: { connectSrc:"))!;
const DEFAULT_HOST = "https://api.millimetric.ai";

describe("the fixture is the README's snippets, verbatim", () => {
  it.each(["server.mjs", "nonce.mjs", "src/analytics.js"])("%s is a README block", (path) => {
    expect(readmeBlocks).toContain(fixtureFile(path));
  });

  it("tag.mjs is server.mjs serving the script tag: the README's block in place of express.static, the page's tag the block's own", () => {
    const tag = fixtureFile("tag.mjs");
    const block = readmeBlocks.find((b) => b.includes('require.resolve("@millimetric/track/a.js")'));
    expect(block).toBeDefined();
    const staticLine = 'app.use(express.static("public")); // public/analytics.js: the bundle';
    const bundleTag = '<script src="/analytics.js" defer></script>';
    const pageTag = /\/\/ in the page: (<script .*<\/script>)$/.exec(block!)![1]!;
    expect(pageTag).toContain(`data-key="${PLACEHOLDER_KEY}"`);
    // The key comes from the environment here, where the reader pastes theirs.
    const served = pageTag.replace(PLACEHOLDER_KEY, "${process.env.MILLIMETRIC_PUBLISHABLE_KEY}");
    expect(tag).toBe(fixtureFile("server.mjs").replace(staticLine, `\n${block}`).replace(bundleTag, served));
  });

  it("the README's connect-src line is helmet() with one directive, naming the SDK's default host", () => {
    expect(CONNECT_SRC_LINE).toBe(`app.use(helmet({ contentSecurityPolicy: { directives: { connectSrc: ["'self'", "${DEFAULT_HOST}"] } } }));`);
  });

  it("the README's esbuild command is the one this test runs", () => {
    expect(README).toContain("npx esbuild src/analytics.js --bundle --minify --outfile=public/analytics.js");
  });
});

// ---------------------------------------------------------------------------------------
// The harness: ingest, bundle, app process, browser

interface Running {
  app: string;
  ingest: IngestServer;
  events(): Promise<QueriedEvent[]>;
  waitForEvents(until: (events: QueriedEvent[]) => boolean): Promise<QueriedEvent[]>;
  close(): Promise<void>;
}


/**
 * A fresh ingest (allowing the app's origin), the bundle built for its pk_ key as the README
 * says, and `file` (the app) on a loopback port, in development. `connectSrc`: server.mjs
 * with the README's `connect-src` line in place of `helmet()`, and the bundle sending to the
 * ingest directly; the local ingest stands for the default host both name.
 */
async function start(file: "server.mjs" | "nonce.mjs" | "tag.mjs", { connectSrc = false } = {}): Promise<Running> {
  const db = mkdtempSync(join(tmpdir(), "mm-helmet-ingest-"));
  const ingest = await startIngest({ port: 0, host: "127.0.0.1", rateLimits: false, dbPath: join(db, "events.sqlite"), env: {}, allowedOrigins: ["http://127.0.0.1:*"] });
  // The reader's one edit: their key in place of the placeholder.
  const source = fixtureFile("src/analytics.js");
  expect(source).toContain(PLACEHOLDER_KEY);
  let bundle = source.replace(PLACEHOLDER_KEY, ingest.keys.publishable);
  if (connectSrc) {
    bundle = bundle.replace('location.origin + "/_mm"', JSON.stringify(ingest.url));
    const helmetLine = "app.use(helmet()); // its default Content-Security-Policy, as it comes";
    expect(fixtureFile("server.mjs")).toContain(helmetLine);
    const app = fixtureFile("server.mjs").replace(helmetLine, CONNECT_SRC_LINE.replace(DEFAULT_HOST, ingest.url));
    writeFileSync(join(appDir, "connect-src.mjs"), app + "\n");
    file = "connect-src.mjs" as typeof file;
  }
  writeFileSync(join(appDir, "src/analytics.js"), bundle + "\n");
  // node_modules/.bin/esbuild: what `npx esbuild` runs (esbuild's install puts its native binary there).
  await runCommand(appDir, join(appDir, "node_modules/.bin/esbuild"), ["src/analytics.js", "--bundle", "--minify", "--outfile=public/analytics.js"], cleanEnv());

  const port = await freePort();
  let log = "";
  // No MILLIMETRIC_* from the developer's shell; development, so a misuse would throw.
  const env = cleanEnv({
    NODE_ENV: "development",
    PORT: String(port),
    MILLIMETRIC_SECRET_KEY: ingest.keys.secret,
    MILLIMETRIC_HOST: ingest.url,
    MILLIMETRIC_PUBLISHABLE_KEY: ingest.keys.publishable,
  });
  const child = spawn(process.execPath, [file], { cwd: appDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise((r) => child.once("exit", r));
  child.stdout.on("data", (d: Buffer) => (log += d));
  child.stderr.on("data", (d: Buffer) => (log += d));
  await waitUntilListening(port, child, () => log, "the app");

  const events = async () => {
    const res = await fetch(`${ingest.url}/v1/query?limit=1000`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { events: QueriedEvent[] }).events;
  };
  return {
    app: `http://127.0.0.1:${port}`,
    ingest,
    events,
    async waitForEvents(until) {
      const end = Date.now() + 90_000;
      for (;;) {
        const got = await events();
        if (until(got)) return got;
        if (Date.now() > end) throw new Error(`waited for events; got ${JSON.stringify(got.map((e) => [e.event, e.source, e.anonymous_id]))}\napp log:\n${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      // SIGTERM: the middleware's flushOnExit delivers what is queued, then the process ends.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      await ingest.close();
      rmSync(db, { recursive: true, force: true });
    },
  };
}

/** What one visitor's browser saw: CSP violations, console errors, requests it made. */
interface Visitor {
  context: BrowserContext;
  errors: string[];
  requests: string[];
  batches: Array<{ url: string; status: number }>;
}

/** A fresh visitor: no cookie, no localStorage. */
async function visitor(): Promise<Visitor> {
  const context = await browser.newContext();
  const v: Visitor = { context, errors: [], requests: [], batches: [] };
  // Every CSP violation of every page, whether or not it reaches the console.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI}`));
  });
  context.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && v.errors.push(m.text()));
  context.on("weberror", (e) => v.errors.push(String(e.error())));
  context.on("request", (r) => v.requests.push(`${r.method()} ${r.url()}`));
  context.on("response", (r) => r.url().endsWith("/v1/batch") && v.batches.push({ url: r.url(), status: r.status() }));
  return v;
}

/** Opens the home page in a new tab; returns the tab, the navigation's response and its Set-Cookies. */
async function visit(r: Running, v: Visitor): Promise<{ page: Page; response: Response; setCookie: string[] }> {
  const page = await v.context.newPage();
  const response = (await page.goto(r.app + "/"))!;
  expect(response.status()).toBe(200);
  const setCookie = (await response.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  return { page, response, setCookie };
}

/** The SDK's id in this tab, once it started. */
async function browserId(page: Page): Promise<string> {
  await page.waitForFunction(() => localStorage.getItem("mm_aid"), undefined, { timeout: 60_000 });
  return (await page.evaluate(() => localStorage.getItem("mm_aid")))!;
}

const count = (events: QueriedEvent[], event: string, source: string) => events.filter((e) => e.event === event && e.source === source).length;
const ids = (events: QueriedEvent[]) => [...new Set(events.map((e) => e.anonymous_id))];

/**
 * The first visit and a return visit (mm_minted gone, as five minutes later), then the
 * browser's checks: one id everywhere, no violation, the batches through the relay.
 */
async function firstAndReturnVisits(r: Running, onFirst?: (page: Page, minted: string, csp: string) => Promise<void>, batchUrl = `${r.app}/_mm/v1/batch`) {
  const v = await visitor();

  // First visit: the server mints, sets aid and its mm_minted companion, tracks.
  const first = await visit(r, v);
  const minted = /^aid=(u_[0-9a-f]{32}); /.exec(first.setCookie[0] ?? "")?.[1];
  expect(minted).toMatch(ID);
  expect(first.setCookie).toEqual([`aid=${minted}; Path=/; Max-Age=31536000; SameSite=Lax`, `mm_minted=${minted}; Path=/; Max-Age=300; SameSite=Lax`]);
  expect(await browserId(first.page)).toBe(minted);
  await onFirst?.(first.page, minted!, first.response.headers()["content-security-policy"] ?? "");
  let events = await r.waitForEvents((e) => count(e, "$pageview", "browser") === 1 && count(e, "viewed_home", "server") === 1);
  expect(events.map((e) => [e.event, e.source, e.anonymous_id]).sort()).toEqual([
    ["$pageview", "browser", minted],
    ["viewed_home", "server", minted],
  ]);
  await first.page.close();

  // Return visit, after mm_minted's five minutes: the cookie is all there is; nothing is set.
  await v.context.clearCookies({ name: "mm_minted" });
  const back = await visit(r, v);
  expect(back.setCookie).toEqual([]);
  expect(await browserId(back.page)).toBe(minted);
  events = await r.waitForEvents((e) => count(e, "$pageview", "browser") === 2 && count(e, "viewed_home", "server") === 2);
  expect(events).toHaveLength(4);
  expect(ids(events)).toEqual([minted]);
  expect((await v.context.cookies()).map((c) => [c.name, c.value])).toEqual([["aid", minted]]);
  // The ingest has both pages' events; the page may report the last batch's answer a moment
  // later on a loaded machine, and not at all once closed.
  await expect.poll(() => v.batches.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await back.page.close();

  // Nothing blocked, and every browser event left where the recipe sends it (the relay: same
  // origin, the ingest never contacted by the browser), accepted (202).
  expect(v.errors).toEqual([]);
  expect(v.batches.length).toBeGreaterThanOrEqual(1);
  for (const b of v.batches) expect(b).toEqual({ url: batchUrl, status: 202 });
  if (batchUrl.startsWith(r.app)) expect(v.requests.filter((x) => x.includes(r.ingest.url))).toEqual([]);
  return { v, minted: minted! };
}

// ---------------------------------------------------------------------------------------
// The recipes

describe("helmet() defaults, the bundle, the relay (no nonce)", () => {
  it("first and return visits: one id across the server's events and the browser's $pageviews, no CSP violation, events through /_mm", async () => {
    const r = await start("server.mjs");
    try {
      const { v } = await firstAndReturnVisits(r, async (page, _minted, csp) => {
        // helmet's defaults as they come: no inline script could run, no other origin reachable.
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toContain("connect-src");
        expect(csp).not.toContain("nonce-");
        expect(await page.evaluate(() => "__aid" in window)).toBe(false);
      });
      await v.context.close();
    } finally {
      await r.close();
    }
  });

  it("a browser that kept its id but lost its cookies: its id wins over the one minted (mm_minted), goes back into aid, and the server's next events carry it", async () => {
    const r = await start("server.mjs");
    try {
      const { v, minted: kept } = await firstAndReturnVisits(r);
      await v.context.clearCookies(); // cookies cleared, localStorage kept
      const again = await visit(r, v);
      const second = /^aid=(u_[0-9a-f]{32}); /.exec(again.setCookie[0] ?? "")?.[1];
      expect(second).toMatch(ID);
      expect(second).not.toBe(kept);
      expect(again.setCookie[1]).toBe(`mm_minted=${second}; Path=/; Max-Age=300; SameSite=Lax`);
      // The SDK keeps its stored id and writes it into aid.
      expect(await browserId(again.page)).toBe(kept);
      await again.page.waitForFunction((id) => document.cookie.includes(`aid=${id}`), kept, { timeout: 60_000 });
      await again.page.close();
      // The next page: the server reads the browser's id, sets nothing.
      const next = await visit(r, v);
      expect(next.setCookie).toEqual([]);
      const events = await r.waitForEvents((e) => count(e, "$pageview", "browser") === 4 && count(e, "viewed_home", "server") === 4);
      // Only the minting request's own server event (tracked before the browser could say
      // anything) carries the id minted for it; everything else is the kept one.
      expect(events.filter((e) => e.anonymous_id === second).map((e) => [e.event, e.source])).toEqual([["viewed_home", "server"]]);
      expect(events.filter((e) => e.anonymous_id === kept)).toHaveLength(7);
      expect(v.errors).toEqual([]);
      await v.context.close();
    } finally {
      await r.close();
    }
  });
});

describe("helmet() with the README's connect-src line, the bundle sending to the ingest directly", () => {
  it("first and return visits: one id, no CSP violation, events delivered to the ingest's origin", async () => {
    const r = await start("server.mjs", { connectSrc: true });
    try {
      const { v } = await firstAndReturnVisits(
        r,
        async (_page, _minted, csp) => {
          // helmet's defaults, and the one directive added.
          expect(csp).toContain("default-src 'self'");
          expect(csp).toContain("script-src 'self'");
          expect(csp).toContain(`connect-src 'self' ${r.ingest.url}`);
        },
        `${r.ingest.url}/v1/batch`,
      );
      await v.context.close();
    } finally {
      await r.close();
    }
  });
});

describe("helmet() defaults, the script tag (a.js from the app's origin), the relay", () => {
  it("first and return visits: one id, no CSP violation, events through /_mm; window.mm is there for same-origin scripts", async () => {
    const r = await start("tag.mjs");
    try {
      const { v } = await firstAndReturnVisits(r, async (page, _minted, csp) => {
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toContain("connect-src");
        expect(await page.evaluate(() => typeof (window as { mm?: { track?: unknown } }).mm?.track)).toBe("function");
      });
      expect(v.requests.filter((x) => x.endsWith("/mm.js")).length).toBeGreaterThanOrEqual(1);
      await v.context.close();
    } finally {
      await r.close();
    }
  });
});

describe("the nonce recipe: res.locals.cspNonce, helmet's scriptSrc, aidScript()", () => {
  it("first and return visits: window.__aid runs under the nonce, one id, no CSP violation, events through /_mm", async () => {
    const r = await start("nonce.mjs");
    try {
      const { v } = await firstAndReturnVisits(r, async (page, minted, csp) => {
        expect(await page.evaluate(() => (window as { __aid?: unknown }).__aid)).toEqual({ id: minted, minted: true });
        const nonce = await page.evaluate(() => document.querySelector<HTMLScriptElement>("script:not([src])")?.nonce);
        expect(nonce).toBeTruthy();
        expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
      });
      await v.context.close();
    } finally {
      await r.close();
    }
  });
});
