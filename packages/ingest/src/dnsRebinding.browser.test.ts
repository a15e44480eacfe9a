// DNS rebinding in a real Chromium: the resolver rule stands in for attacker.example's
// DNS answering 127.0.0.1 after the attacker's page loaded, so the page's same-origin
// fetch("/?partial=1") reaches the local ingest server with `Host: attacker.example:<port>`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIngest, type TestIngest } from "../test/startTestIngest";

let t: TestIngest;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
  const res = await t.track({
    event: "signup",
    anonymous_id: "u_rebind_chromium",
    user_id: "rebind_victim_77",
    properties: { email: "victim77@shop.example" },
  });
  expect(res.status).toBe(202);
  profile = mkdtempSync(join(tmpdir(), "mm-chromium-rebind-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      // attacker.example "rebinds" to loopback
      "--host-resolver-rules=MAP attacker.example 127.0.0.1",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** What a script on the page's own origin reads from the server. */
const readFromPage = (path: string) =>
  `fetch(${JSON.stringify(path)}, { cache: "no-store" }).then(async (r) => ({ status: r.status, text: await r.text() }))`;

describe("a page on a rebound name", () => {
  it("reads nothing: the page, its live body and the API answer 421", async () => {
    const { port } = new URL(t.url);
    const page = await browser.newPage();
    const nav = await page.goto(`http://attacker.example:${port}/`);
    expect(nav?.status()).toBe(421);
    expect(await page.content()).not.toContain("rebind_victim_77");
    for (const path of ["/?partial=1", "/", "/v1/query?limit=1000"]) {
      const read = (await page.evaluate(readFromPage(path))) as { status: number; text: string };
      expect(read.status).toBe(421);
      expect(JSON.parse(read.text)).toMatchObject({ error: "host_not_allowed", details: { host: `attacker.example:${port}` } });
      expect(read.text).not.toContain("rebind_victim_77");
      expect(read.text).not.toContain("victim77@shop.example");
    }
    await page.close();
  }, 60_000);

  it("while the same browser still sees the events page on 127.0.0.1, localhost and *.localhost", async () => {
    const { port } = new URL(t.url);
    const page = await browser.newPage();
    for (const origin of [t.url, `http://localhost:${port}`, `http://app.localhost:${port}`]) {
      const nav = await page.goto(`${origin}/`);
      expect({ origin, status: nav?.status() }).toEqual({ origin, status: 200 });
      expect(await page.content()).toContain("rebind_victim_77");
      const live = (await page.evaluate(readFromPage("/?partial=1"))) as { status: number; text: string };
      expect(live.status).toBe(200);
      expect(live.text).toContain("rebind_victim_77");
    }
    await page.close();
  }, 60_000);
});
