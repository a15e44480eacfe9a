import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYS, startTestIngest, type TestIngest } from "../test/startTestIngest";

const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

let t: TestIngest;
let app: Server;
let port: number;
let browser: BrowserContext;
let profile: string;

/** The `aid` cookie of a request, if any. */
const aidCookie = (req: IncomingMessage) => /(?:^|;\s*)aid=([A-Za-z0-9_-]{1,128})/.exec(req.headers.cookie ?? "")?.[1];

/**
 * A tiny app whose hand-written middleware does what our server adapters do: read the
 * `aid` cookie, mint an id for a browser's request that has none (Set-Cookie), and send
 * server events with that id through the sk_ key. Its pages load the browser SDK's
 * script-tag build (`/v1/a.js`), which adopts the id from the cookie. `/static/…` is a
 * page the middleware does not run on (a static export, a matcher that leaves it out):
 * the browser SDK finds no cookie and mints its own id, and the signup that follows mints
 * another one on the server. One person, two visitors.
 */
function site(ingestUrl: string): Server {
  const page = (title: string) => `<!doctype html><title>${title}</title><h1>${title}</h1>
    <script src="${ingestUrl}/v1/a.js" data-key="${KEYS.publishable}" data-host="${ingestUrl}"></script>
    <script>
      window.done = (async () => {
        await window.mm.flush(); // the $pageview first, then the form the visitor submits
        return (await fetch("/api/signup", { method: "POST" })).status;
      })();
    </script>`;
  return createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://app").pathname;
      const middlewareRuns = !path.startsWith("/static/");
      let aid = aidCookie(req);
      if (middlewareRuns && !aid && req.headers["sec-fetch-site"]) {
        aid = "u_" + randomBytes(16).toString("hex");
        res.setHeader("set-cookie", `aid=${aid}; Path=/; Max-Age=31536000; SameSite=Lax`);
      }
      if (req.method === "POST" && path === "/api/signup") {
        expect((await t.track({ event: "signup", anonymous_id: aid, path, properties: { plan: "pro" } })).status).toBe(202);
        res.writeHead(201).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page(middlewareRuns ? "Pricing" : "Pricing (static)"));
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
}

beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
  app = site(t.url);
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  port = (app.address() as { port: number }).port;
  profile = mkdtempSync(join(tmpdir(), "mm-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    viewport: { width: 1180, height: 900 },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => app?.close(r));
  await t?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

type Row = { event: string; anonymous_id: string; source: string };

describe("the events page's stitching health in Chromium", () => {
  it("shows the health line and marks the split visitor, not the stitched one", async () => {
    // Two hosts for the same app, so the two visitors have separate cookies and storage:
    // 127.0.0.1 serves the page through the middleware, localhost the static copy.
    const healthy = await browser.newPage();
    await healthy.goto(`http://127.0.0.1:${port}/pricing`);
    expect(await healthy.evaluate(() => (window as unknown as { done: Promise<number> }).done)).toBe(201);
    const split = await browser.newPage();
    await split.goto(`http://localhost:${port}/static/pricing`);
    expect(await split.evaluate(() => (window as unknown as { done: Promise<number> }).done)).toBe(201);

    // Through the real API: a stitched visitor (both halves share the id), and the split's halves.
    let rows: Row[] = [];
    await expect
      .poll(async () => (rows = (await t.query()) as Row[]).filter((r) => r.event === "$pageview").length, { timeout: 20_000 })
      .toBe(2);
    const ids = (source: string, event: string) => rows.filter((r) => r.source === source && r.event === event).map((r) => r.anonymous_id);
    const visitorsOf = (id: string) => new Set(rows.filter((r) => r.anonymous_id === id).map((r) => r.source));
    const stitchedAid = ids("browser", "$pageview").find((id) => visitorsOf(id).has("server"));
    const browserHalf = ids("browser", "$pageview").find((id) => !visitorsOf(id).has("server"));
    const serverHalf = ids("server", "signup").find((id) => !visitorsOf(id).has("browser"));
    expect([stitchedAid, browserHalf, serverHalf].every(Boolean), JSON.stringify(rows)).toBe(true);

    const page = await browser.newPage();
    await page.goto(t.url + "/");
    const line = page.locator("#stitching");
    await expect.poll(() => line.textContent()).toContain("1 likely split below");
    const lineText = (await line.textContent())!;
    expect(lineText).toContain("50% of server events share their anonymous_id with browser events (1 of 2)");
    expect(lineText).toContain("1 server-only visitor");
    expect(lineText).toContain("1 browser-only visitor");
    expect(await line.getAttribute("class")).toBe("health warn");

    // Only the server half is marked, and it names the browser half.
    const marked = page.locator(".visitor.is-split");
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute("data-anonymous-id")).toBe(serverHalf);
    expect(await marked.getAttribute("data-split-with")).toBe(browserHalf);
    expect(await marked.locator(".chip.split").textContent()).toBe("likely split");
    const reason = (await marked.locator(".reason").textContent())!;
    expect(reason).toMatch(new RegExp(`^Likely split: its server event signup came (within a second of|\\d+ s after) a \\$pageview on /static/pricing from browser-only visitor ${browserHalf}: one person, two ids\\.$`));
    expect(await marked.locator(".fix").textContent()).toBe(
      "Fix: the browser did not adopt the server's id. Check that the proxy/middleware runs on this page and that the provider reads the aid cookie:",
    );
    expect(await marked.locator(".split-why li").count()).toBe(5);
    expect(await marked.locator(".split-why").isVisible()).toBe(true);

    const stitched = page.locator(`.visitor[data-anonymous-id="${stitchedAid}"]`);
    expect(await stitched.getAttribute("class")).toBe("card visitor is-stitched");
    expect(await stitched.locator(".split-why").count()).toBe(0);
    const browserOnly = page.locator(`.visitor[data-anonymous-id="${browserHalf}"]`);
    expect(await browserOnly.getAttribute("class")).toBe("card visitor");
    expect(await browserOnly.locator(".chip.lonely").textContent()).toBe("browser only");

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, "stitching-health.png");
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
    await t.expectAlive();
  }, 90_000);
});
