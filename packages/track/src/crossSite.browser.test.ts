// @vitest-environment node
// What only a real browser shows (Debian's Chromium through playwright-core): a page of the
// shop that another site frames, and what markup can make of window.__aid: a cross-origin
// <iframe name="__aid"> (reading it throws a SecurityError, which jsdom cannot model) and
// two elements with id="__aid" (an HTMLCollection through the browser's named access). One
// https server (a throwaway self-signed certificate) answers as two sites: 127.0.0.1 is
// the shop, localhost another site that frames it. Batches go to the same server, recorded.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

const pkg = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

type Sdk = typeof import("./index");
declare global {
  interface Window {
    sdk: Sdk;
    errors: string[];
  }
}

let server: Server;
let port: number;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every request the server got: path, host and Cookie header. */
let requests: Array<{ path: string; host: string; cookie: string }>;
/** The events of every batch POSTed to /v1/batch. */
let batches: string[][];

const shop = (path: string) => `https://127.0.0.1:${port}${path}`;
const otherSite = (path: string) => `https://localhost:${port}${path}`;

/** Starts the SDK, catching what init throws into window.errors. */
const start = `try { sdk.init({ key: "pk_test_f6589a94_x", host: location.origin, flushIntervalMs: 100 }); } catch (e) { errors.push(String(e)); }`;
/** A page that loads the SDK and starts it (`later`: once the test calls window.start()). */
const sdkPage = (before = "", later = false) => `<!doctype html><title>shop</title>${before}
<script>window.errors = []; addEventListener("error", (e) => errors.push(e.message));</script>
<script src="/sdk.js"></script>
<script>${later ? `window.start = () => { ${start} };` : start}</script>`;

const pages: Record<string, string> = {
  "/shop": sdkPage(),
  "/frames-the-shop": `<!doctype html><title>another site</title><iframe src="SHOP/shop"></iframe>`,
  "/blank": `<!doctype html><title>blank</title>`,
  // init runs once the frame has loaded another origin (an async script tag, a consent
  // banner, an SPA): window.__aid is then a cross-origin WindowProxy. (While the page is
  // parsed the frame still holds its first, same-origin about:blank.)
  "/named-frame": sdkPage(`<iframe name="__aid" src="OTHER/blank"></iframe>`, true),
  // Two elements with the same id: window.__aid is an HTMLCollection whose `id` and
  // `cookie` are the anchors named so (an anchor's string is its href).
  "/two-anchors": sdkPage(`<a id="__aid" name="id" href="u_attacker">a</a><a id="__aid" name="cookie" href="evil:aid=; Path=/; Max-Age=999999999">b</a>`),
};

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: `import * as sdk from "@millimetric/track"; window.sdk = sdk;`, resolveDir: pkg },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    alias: { "@millimetric/track": pkg },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;
  // A certificate for both names, made for this run only; the browser context ignores that
  // no authority signed it.
  const dir = mkdtempSync(join(tmpdir(), "mm-tls-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (req, res) => {
      const path = req.url!.split("?")[0]!;
      requests.push({ path, host: req.headers.host!, cookie: req.headers.cookie ?? "" });
      if (path === "/sdk.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(script);
      if (path === "/v1/batch") {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          batches.push((JSON.parse(body) as { events: Array<{ event: string }> }).events.map((e) => e.event));
          res.writeHead(202, { "content-type": "application/json" }).end('{"ok":true}');
        });
        return;
      }
      const html = pages[path];
      if (!html) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html.replace("SHOP", shop("")).replace("OTHER", otherSite("")));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

beforeEach(async () => {
  context = await browser.newContext({ ignoreHTTPSErrors: true }); // a fresh visitor
  page = await context.newPage();
  requests = [];
  batches = [];
});
afterEach(() => context?.close());

/** The frame of `page` whose URL starts with `url`, once it has loaded. */
async function frameAt(url: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(url)), { timeout: 20_000 }).toBe(true);
  const frame = page.frames().find((f) => f.url().startsWith(url))!;
  await frame.waitForLoadState("load");
  return frame;
}

describe("a page of the shop that another site frames", () => {
  // Only where the browser lets a frame have its site's cookies at all: a browser profile
  // that allows third-party cookies (Chrome's default for a regular profile; this
  // Chromium's contexts block them, and no cookie attribute can reach a frame then).
  let profile: string;
  beforeEach(async () => {
    await context.close();
    profile = mkdtempSync(join(tmpdir(), "mm-profile-"));
    mkdirSync(join(profile, "Default"));
    writeFileSync(join(profile, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      ignoreHTTPSErrors: true,
    });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it("honours an opt-out made on the shop: the frame reads mm_optout, sends it to the server, starts nothing", async () => {
    await page.goto(shop("/shop"));
    await expect.poll(() => batches.flat(), { timeout: 20_000 }).toContain("$pageview"); // the shop tracks, first-party
    await page.evaluate(() => window.sdk.optOut());
    expect((await context.cookies()).find((c) => c.name === "mm_optout")).toMatchObject({ value: "1", sameSite: "None", secure: true });

    const sentBefore = batches.length;
    await page.goto(otherSite("/frames-the-shop"));
    const frame = await frameAt(shop("/shop"));
    // The frame's own request carried the cookie, so a server adapter would see the choice too.
    expect(requests.filter((r) => r.path === "/shop").at(-1)!.cookie).toMatch(/(^|; )mm_optout=1(;|$)/);
    expect(await frame.evaluate(() => [window.errors, window.sdk.isOptedOut(), window.sdk.getAnonymousId(), localStorage.getItem("mm_aid")])).toEqual([
      [],
      true,
      undefined,
      null,
    ]);
    await frame.evaluate(() => window.sdk.track("in_the_frame"));
    await new Promise((r) => setTimeout(r, 1000)); // the flush timer would have sent by now
    expect(batches.length).toBe(sentBefore);
  });
});

describe("window.__aid that markup made", () => {
  it("a cross-origin <iframe name=__aid>: init does not throw, the SDK starts with an id of its own", async () => {
    await page.goto(shop("/named-frame"));
    await frameAt(otherSite("/blank"));
    // Reading the frame's properties is what threw: the page really has that window.__aid.
    expect(await page.evaluate(() => [typeof (window as unknown as { __aid: unknown }).__aid, String(Object.getPrototypeOf((window as unknown as { __aid: object }).__aid))])).toEqual(["object", "null"]);
    await page.evaluate(() => (window as unknown as { start(): void }).start());
    expect(await page.evaluate(() => window.errors)).toEqual([]);
    expect(await page.evaluate(() => window.sdk.getAnonymousId())).toMatch(/^u_[0-9a-f]{32}$/);
    await expect.poll(() => batches.flat(), { timeout: 20_000 }).toContain("$pageview");
  });

  it("two elements with id=__aid (an HTMLCollection): no id taken from them, no cookie written in their shape", async () => {
    await page.goto(shop("/two-anchors"));
    expect(await page.evaluate(() => Object.prototype.toString.call((window as unknown as { __aid: unknown }).__aid))).toBe("[object HTMLCollection]");
    const id = await page.evaluate(() => window.sdk.getAnonymousId());
    expect(id).toMatch(/^u_[0-9a-f]{32}$/);
    await page.evaluate(() => {
      window.sdk.setAnonymousId("u_adopted");
      window.sdk.reset();
    });
    expect(await page.evaluate(() => window.errors)).toEqual([]);
    expect(await context.cookies()).toEqual([]); // no server payload, no cookie option: no cookie at all
  });
});
