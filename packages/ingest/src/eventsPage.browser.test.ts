import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYS, startTestIngest, type TestIngest } from "../test/startTestIngest";

const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const AID = "u_5f1c0a9e7b2d4c3a8e6f1b0d9c7a5e3f";

let t: TestIngest;
let app: Server;
let appOrigin: string;
let browser: BrowserContext;
let profile: string;

/** A tiny site on another port (another origin) whose page talks to the ingest server as the browser SDK does. */
function site(ingestUrl: string): Server {
  const script = `
    const host = ${JSON.stringify(ingestUrl)}, key = ${JSON.stringify(KEYS.publishable)}, aid = ${JSON.stringify(AID)};
    const stamp = (e) => ({ anonymous_id: aid, url: location.href, timestamp: new Date().toISOString(), event_id: crypto.randomUUID(), ...e });
    // a preflighted CORS request with Authorization, like the SDK's batches
    window.sent = fetch(host + "/v1/batch", {
      method: "POST",
      headers: { Authorization: "Bearer " + key, "Content-Type": "application/json" },
      body: JSON.stringify({ events: [
        stamp({ event: "$pageview", referrer: "https://news.example/launch", properties: { $viewport: "1280x800" } }),
        stamp({ event: "clicked_signup", properties: { button: "hero", note: "<img src=x onerror=window.__pwned=1>" } }),
        stamp({ event: "$identify", user_id: "user_42", properties: { plan: "pro" } }),
      ] }),
    }).then((r) => r.status);
    // the page-exit request: sendBeacon cannot set Authorization, so the pk_ key rides in the query
    addEventListener("pagehide", () => {
      navigator.sendBeacon(host + "/v1/batch?key=" + encodeURIComponent(key),
        JSON.stringify({ events: [stamp({ event: "$pageview", properties: { exit: true } })] }));
    });`;
  return createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      req.url === "/bye"
        ? "<!doctype html><title>bye</title><p>bye</p>"
        : `<!doctype html><title>shop</title><h1>Pricing</h1><script>${script}</script>`,
    );
  });
}

beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
  app = site(t.url);
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  appOrigin = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
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

describe("the events page in Chromium", () => {
  it("shows a visitor whose browser and server events are stitched, escaped, live", async () => {
    // 1. A real browser on another origin: preflight + batch, then the page-exit beacon.
    const shop = await browser.newPage();
    await shop.goto(appOrigin + "/");
    expect(await shop.evaluate(() => (window as unknown as { sent: Promise<number> }).sent)).toBe(202);
    await shop.goto(appOrigin + "/bye");
    await expect.poll(async () => (await t.query({ anonymous_id: AID })).length, { timeout: 10_000 }).toBe(4);
    const fromBrowser = await t.query({ anonymous_id: AID });
    expect(fromBrowser.map((r) => r.source)).toEqual(["browser", "browser", "browser", "browser"]);

    // 2. The app's server: a signup carrying the visitor's id, a webhook that only knows the user,
    //    and the mistakes the page must point out.
    const now = Date.now();
    const at = (s: number) => new Date(now + s * 1000).toISOString();
    const server = [
      { event: "signup", anonymous_id: AID, user_id: "user_42", timestamp: at(1), properties: { plan: "pro", trial_days: 14 } },
      { event: "completed_checkout", user_id: "user_42", event_id: "evt_1PqR", timestamp: at(2), properties: { amount_cents: 4900, currency: "usd" } },
      { event: "signup", timestamp: at(3), properties: { plan: "team" } },
      { event: "subscription_renewed", user_id: "user_977", timestamp: at(4) },
    ];
    for (const e of server) expect((await t.track(e)).status).toBe(202);
    // another visitor, browser only, on a phone
    await t.call("/v1/batch", {
      key: KEYS.publishable,
      origin: appOrigin,
      headers: { "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1" },
      body: { events: [
        { event: "$pageview", anonymous_id: "u_0b7e2f4c9a1d4e8f", path: "/blog/launch", timestamp: at(-30) },
        { event: "clicked_pricing", anonymous_id: "u_0b7e2f4c9a1d4e8f", path: "/blog/launch", timestamp: at(-25) },
      ] },
    });

    // 3. The events page.
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(t.url + "/");
    const card = page.locator(`.visitor.is-stitched[data-anonymous-id="${AID}"]`);
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator(".pill.browser").count()).toBe(4);
    expect(await card.locator(".pill.server").count()).toBe(2);
    expect(await card.locator(".chip.user").first().textContent()).toBe("user_iduser_42");
    expect(await card.locator(".ev.missing .name").allTextContents()).toEqual(["completed_checkout"]);
    expect(await card.locator(".name").allTextContents()).toEqual([
      "$pageview",
      "clicked_signup",
      "$identify",
      "$pageview",
      "signup",
      "completed_checkout",
    ]);
    expect(await card.textContent()).toContain("<img src=x onerror=window.__pwned=1>"); // shown as text
    const unstitched = page.locator("#unstitched");
    expect(await unstitched.locator(".name").allTextContents()).toEqual(["subscription_renewed", "signup"]);
    // Every server event with an anonymous_id joined the browser visitor: nothing looks split.
    expect(await page.locator("#stitching").textContent()).toContain("100% of server events share their anonymous_id with browser events (1 of 1)");
    expect(await page.locator(".visitor.is-split").count()).toBe(0);

    // 4. Live: a new server event appears without a reload.
    expect((await t.track({ event: "refund_requested", anonymous_id: AID, user_id: "user_42", timestamp: at(5) })).status).toBe(202);
    await expect.poll(() => card.locator(".name").last().textContent(), { timeout: 10_000 }).toBe("refund_requested");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, "events-page.png");
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
    await t.expectAlive();
  }, 60_000);
});
