// End to end: the built demo (`next build` + `next start`), the real ingest server and
// Debian's Chromium, all on loopback. Each test reads what the ingest server stored.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDir, artifacts, demoEnv, startStack, type Stack } from "./harness";

let stack: Stack;
// The stack builds the demo first (`next build`): minutes on a loaded 2-core machine.
beforeAll(async () => void (stack = await startStack()), 600_000);
afterAll(async () => stack?.close());

const ID = /^u_[0-9a-f]{32}$/;
const storedId = (page: Page) => page.evaluate(() => localStorage.getItem("mm_aid"));
/**
 * What the proxy told the browser on this navigation's response: the aid cookie's id, and
 * minted = an mm_minted cookie with the same id (the id was minted on this request).
 */
async function served(res: Response | null) {
  const setCookies = (await res!.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").flatMap((h) => h.value.split("\n"));
  const value = (name: string) => setCookies.map((c) => new RegExp(`^${name}=([^;]*)`).exec(c)?.[1]).find((v) => v !== undefined);
  const id = value("aid");
  return { id, minted: id !== undefined && value("mm_minted") === id };
}
async function cookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === "aid")?.value;
}
/** The symbol `next build` printed for a route in its route table: ○ static, ƒ dynamic. */
function builtAs(route: string) {
  const escaped = route.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`^[┌├└│ ]*(\\S)\\s+${escaped}\\s*$`, "m").exec(stack.buildOutput)?.[1];
}
const panel = (page: Page, row: string) => page.textContent(`[data-testid="${row}"]`);
async function hydrated(page: Page) {
  // The provider has adopted an id once the ids panel shows the browser's id.
  await page.waitForFunction(() => !!localStorage.getItem("mm_aid") && !document.querySelector('[data-testid="Browser SDK uses (localStorage mm_aid)"]')?.textContent?.includes("…"));
}

describe("the demo in a real browser", () => {
  it("1 · first-ever visit: cookie, Set-Cookie (aid + mm_minted), localStorage, $pageview and the same request's server event carry one id", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    const res = await page.goto("/");
    await hydrated(page);
    const id = await cookie(page);
    expect(id).toMatch(ID);
    expect(await res!.headerValue("set-cookie")).toContain(`aid=${id}`);
    expect(await served(res)).toEqual({ id, minted: true });
    expect(await storedId(page)).toBe(id);
    const events = await stack.waitFor({ anonymous_id: id! }, (e) => e.some((x) => x.event === "$pageview") && e.some((x) => x.event === "home_rendered"));
    expect(events.find((e) => e.event === "$pageview")).toMatchObject({ source: "browser", path: "/", anonymous_id: id });
    expect(events.find((e) => e.event === "home_rendered")).toMatchObject({ source: "server", anonymous_id: id });
    await ctx.close();
  });

  it("2 · returning visitor whose cookie was cleared: the browser keeps its id, the cookie is rewritten, the next server event uses it", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.goto("/");
    await hydrated(page);
    const first = await storedId(page);
    await ctx.clearCookies();
    const res = await page.goto("/option-b");
    await hydrated(page);
    const minted = await served(res);
    expect(minted.minted).toBe(true);
    expect(minted.id).toMatch(ID);
    expect(minted.id).not.toBe(first); // the server minted a new one for the cookieless request…
    expect(await storedId(page)).toBe(first); // …which loses to the id the browser already had,
    expect(await cookie(page)).toBe(first); // and the cookie is written back.
    await page.click("text=POST /api/option-b");
    await expect.poll(() => page.textContent('[data-testid="b-saw"]')).toBe(first);
    await stack.waitFor({ anonymous_id: first!, event: "option_b_called" }, (e) => e.length === 1 && e[0]!.source === "server");
    expect(await stack.query({ anonymous_id: minted.id! })).toEqual([]);
    await ctx.close();
  });

  it("3 · client-side navigation fires exactly one $pageview per route change", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.goto("/");
    await hydrated(page);
    const id = (await storedId(page))!;
    for (const [link, path] of [["A · id in the body", "/option-a"], ["B · aid cookie", "/option-b"], ["C · server-owned id", "/option-c"]] as const) {
      await page.click(`nav >> text=${link}`);
      await page.waitForURL(`**${path}`);
      await page.waitForSelector("h1");
    }
    await page.goBack();
    await page.waitForURL("**/option-b");
    const views = await stack.waitFor({ anonymous_id: id, event: "$pageview" }, (e) => e.length >= 5, 15_000);
    // Give a double-firing bug time to show, then count.
    await new Promise((r) => setTimeout(r, 2500));
    const paths = (await stack.query({ anonymous_id: id, event: "$pageview" })).map((e) => e.path).reverse();
    expect(views.length).toBeGreaterThanOrEqual(5);
    expect(paths).toEqual(["/", "/option-a", "/option-b", "/option-c", "/option-b"]);
    await ctx.close();
  });

  it("4 · signup in a server action → signup + $identify with the browser's id; later browser events carry the user id", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.goto("/signup");
    await hydrated(page);
    const id = (await storedId(page))!;
    await page.fill('input[name="email"]', "ada@example.com");
    await page.selectOption('select[name="plan"]', "pro");
    await page.click("text=Sign up >> nth=-1");
    await page.waitForSelector('[data-testid="signed-up"]');
    const userId = (await page.textContent('[data-testid="signed-up"] code'))!;
    expect(userId).toMatch(/^user_[0-9a-f]{12}$/);
    const server = await stack.waitFor({ anonymous_id: id }, (e) => e.some((x) => x.event === "signup") && e.some((x) => x.event === "$identify" && x.source === "server"));
    expect(server.find((e) => e.event === "signup")).toMatchObject({ source: "server", user_id: userId, properties: { plan: "pro" } });
    expect(server.find((e) => e.event === "$identify" && e.source === "server")).toMatchObject({ user_id: userId });
    await page.click("nav >> text=Shop");
    await page.waitForURL("**/shop");
    const later = await stack.waitFor({ anonymous_id: id, event: "$pageview" }, (e) => e.some((x) => x.path === "/shop"));
    expect(later.find((e) => e.path === "/shop")).toMatchObject({ source: "browser", user_id: userId });
    await ctx.close();
  });

  it("4b · the backfill (MillimetricClient, flushAt 1000) joins the signed-up visitor through the user id", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.goto("/signup");
    await hydrated(page);
    const id = (await storedId(page))!;
    await page.click("text=Sign up >> nth=-1"); // the form's default account, ada@example.com
    await page.waitForSelector('[data-testid="signed-up"]');
    const userId = (await page.textContent('[data-testid="signed-up"] code'))!;
    const dir = mkdtempSync(join(tmpdir(), "mm-backfill-"));
    // Asynchronously: the ingest server runs in this process and must keep answering.
    const { stdout: out } = await promisify(execFile)(process.execPath, [join(appDir, "scripts/backfill.mjs"), join(dir, "orders.json")], {
      env: { ...process.env, ORDERS: "5000", MILLIMETRIC_HOST: stack.ingest.url },
      encoding: "utf8",
    });
    rmSync(dir, { recursive: true, force: true });
    expect(out).toMatch(/\[backfill\] 5,000 \/ 5,000 events · [\d,]+ events\/s/);
    const orders = await stack.query({ event: "completed_checkout", user_id: userId });
    expect(orders).toHaveLength(10);
    expect(orders.every((o) => o.source === "server" && o.anonymous_id === null)).toBe(true);
    // On the events page they sit in this visitor's timeline.
    await page.goto(`${stack.ingest.url}/`);
    const card = page.locator(`[data-anonymous-id="${id}"]`);
    await expect.poll(async () => (await card.textContent()) ?? "").toContain("completed_checkout");
    await ctx.close();
  });

  it("5 · the webhook delivered twice is one purchase row, stitched to the visitor who clicked Buy", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.goto("/shop");
    await hydrated(page);
    const id = (await storedId(page))!;
    await page.click("button:has-text('Buy')");
    await page.waitForSelector('[data-testid="bought"]');
    const text = (await page.textContent('[data-testid="bought"]'))!;
    expect(text).toContain("HTTP 200, 200");
    const eventId = /evt_[0-9a-f]{32}/.exec(text)![0];
    await stack.waitFor({ event: "completed_checkout", anonymous_id: id }, (e) => e.length >= 1);
    await new Promise((r) => setTimeout(r, 1000)); // room for a second row to land, if dedupe failed
    const purchases = await stack.query({ event: "completed_checkout", anonymous_id: id });
    expect(purchases).toHaveLength(1);
    expect(purchases[0]).toMatchObject({ event_id: eventId, source: "server", properties: { amount_cents: 4900, currency: "usd" } });
    await stack.waitFor({ anonymous_id: id, event: "clicked_buy" }, (e) => e.length === 1 && e[0]!.source === "browser");
    await ctx.close();
  });

  it("6 · events queued in the browser leave when the tab is closed (pagehide)", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.goto("/");
    await hydrated(page);
    const id = (await storedId(page))!;
    await page.click("text=Say hi");
    await page.click("text=Say hi");
    // Well inside the SDK's 2 s batch interval: only the page-exit request can carry them.
    await page.close({ runBeforeUnload: true });
    const hi = await stack.waitFor({ anonymous_id: id, event: "clicked_hi" }, (e) => e.length === 2, 8000);
    expect(hi.map((e) => e.properties?.n).sort()).toEqual([1, 2]);
    await ctx.close();
  });

  it("7 · with Global Privacy Control on, the browser sends nothing and stores no id", async () => {
    const ctx = await stack.context(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
    const page = await ctx.newPage();
    // Only the page's navigator says GPC here (no Sec-GPC header), so the server still mints.
    const { id } = await served(await page.goto("/"));
    expect(id).toMatch(/^u_[0-9a-f]{32}$/);
    await page.waitForLoadState("networkidle");
    // Under the signal the SDK starts nothing: no id kept in this browser.
    expect(await storedId(page)).toBeNull();
    await page.click("text=Say hi");
    await page.click("nav >> text=C · server-owned id");
    await page.waitForURL("**/option-c");
    await page.close({ runBeforeUnload: true });
    // The server-side event of the same visit arrives; nothing from the browser does.
    await stack.waitFor({ anonymous_id: id, event: "home_rendered" }, (e) => e.length === 1);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await stack.query({ anonymous_id: id })).filter((e) => e.source === "browser")).toEqual([]);
    await ctx.close();
  });

  it("8 · the built client bundles contain no secret key", () => {
    const secret = demoEnv().MILLIMETRIC_SECRET_KEY!;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(join(appDir, ".next/static"));
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((f) => {
      const text = readFileSync(f, "latin1");
      return text.includes(secret) || /sk_(live|test)_/.test(text);
    });
    expect(offenders).toEqual([]);
    // And the pk_ key is there: the check looks where the keys would be inlined.
    expect(files.some((f) => readFileSync(f, "latin1").includes(demoEnv().NEXT_PUBLIC_MILLIMETRIC_KEY!))).toBe(true);
  });

  it("9 · a static page (○ in next build): on a first-ever visit the aid cookie, localStorage and the $pageview carry one id", async () => {
    expect(builtAs("/static")).toBe("○");
    expect(builtAs("/")).toBe("ƒ"); // the table is read right: the home page tracks on the server, so it is dynamic
    const ctx = await stack.context();
    const page = await ctx.newPage();
    const res = await page.goto("/static");
    await hydrated(page);
    const id = await cookie(page);
    expect(id).toMatch(ID);
    expect(await served(res)).toEqual({ id, minted: true });
    expect(await storedId(page)).toBe(id);
    // The HTML is the build's, the same for everyone: the id reached the browser only in the cookie.
    expect(await res!.text()).not.toContain(id);
    await expect.poll(() => panel(page, "aid cookie")).toBe(id);
    await expect.poll(() => panel(page, "aid cookie minted? (mm_minted)")).toMatch(/^yes/);
    const views = await stack.waitFor({ anonymous_id: id!, event: "$pageview" }, (e) => e.length >= 1);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ source: "browser", path: "/static", anonymous_id: id });
    await ctx.close();
  });

  it("10 · the Pages Router: on a first-ever visit Set-Cookie, localStorage and getServerSideProps' server event (path /legacy) carry one id", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    const res = await page.goto("/legacy");
    await hydrated(page);
    const { id, minted } = await served(res);
    expect(id).toMatch(ID);
    expect(minted).toBe(true);
    expect(await storedId(page)).toBe(id);
    expect(await cookie(page)).toBe(id);
    expect(await panel(page, "Server saw (this request)")).toBe(id); // getAnonymousId(ctx.req)
    const events = await stack.waitFor({ anonymous_id: id! }, (e) => e.some((x) => x.event === "legacy_page_rendered") && e.some((x) => x.event === "$pageview"));
    expect(events.filter((e) => e.event === "legacy_page_rendered")).toHaveLength(1);
    expect(events.find((e) => e.event === "legacy_page_rendered")).toMatchObject({ source: "server", path: "/legacy", anonymous_id: id });
    expect(events.find((e) => e.event === "legacy_page_rendered")!.url).toMatch(/^http:\/\/[^/]+\/legacy$/);
    // pages/_app.tsx's provider sends to the host the server handed it (the ingest of this test).
    expect(events.find((e) => e.event === "$pageview")).toMatchObject({ source: "browser", path: "/legacy" });
    await ctx.close();
  });

  it("11 · a returning visitor whose aid cookie was cleared visits the static page: the stored id is kept and the cookie rewritten", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.goto("/static");
    await hydrated(page);
    const first = (await storedId(page))!;
    expect(first).toMatch(ID);
    // Leave the page first: a request it still makes (a link prefetch) while the cookies
    // are gone would mint an id of its own and race this navigation's mm_minted cookie.
    await page.goto("about:blank");
    await ctx.clearCookies();
    const res = await page.goto("/static");
    await hydrated(page);
    const minted = await served(res);
    expect(minted.minted).toBe(true);
    expect(minted.id).toMatch(ID);
    expect(minted.id).not.toBe(first); // the proxy minted a new id for the cookieless request…
    expect(await storedId(page)).toBe(first); // …which loses to the id the browser already had,
    expect(await cookie(page)).toBe(first); // and the cookie is written back,
    await expect.poll(() => panel(page, "aid cookie")).toBe(first);
    await expect.poll(() => panel(page, "aid cookie minted? (mm_minted)")).toContain(`mm_minted holds ${minted.id}`);
    // …so the server follows it from the next request on.
    const saw = await page.evaluate(async () => ((await (await fetch("/api/option-b", { method: "POST" })).json()) as { serverSaw: string }).serverSaw);
    expect(saw).toBe(first);
    const views = await stack.waitFor({ anonymous_id: first, event: "$pageview" }, (e) => e.length >= 2);
    expect(views.map((e) => e.path)).toEqual(["/static", "/static"]);
    await stack.waitFor({ anonymous_id: first, event: "option_b_called" }, (e) => e.length === 1 && e[0]!.source === "server");
    expect(await stack.query({ anonymous_id: minted.id! })).toEqual([]);
    await ctx.close();
  });

  it("the events page shows a visitor stitched across browser and server (screenshot)", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1200, height: 1400 });
    await page.goto(`${stack.ingest.url}/`);
    await page.waitForSelector("text=browser + server stitched");
    await page.screenshot({ path: join(artifacts, "events-page.png"), fullPage: false });
    await ctx.close();
  });
});
