import { afterEach, describe, expect, it } from "vitest";
import { KEYS, ORIGIN, startTestIngest, type TestIngest } from "../test/startTestIngest";
import { renderStitchingHealth } from "./eventsPage/renderStitchingHealth";

// Each test gets its own server: the health line counts the whole database.
let t: TestIngest | undefined;
afterEach(async () => {
  await t?.expectAlive();
  await t?.close();
  t = undefined;
});

const T = Date.parse("2026-03-01T10:00:00Z");
const at = (s: number) => new Date(T + s * 1000).toISOString();
const fromBrowser = (events: Record<string, unknown>[]) => t!.call("/v1/batch", { key: KEYS.publishable, origin: ORIGIN, body: { events } });
const fromServer = (events: Record<string, unknown>[]) => t!.call("/v1/batch", { body: { events } });
const page = async () => {
  const res = await t!.call("/", { key: null });
  expect(res.status).toBe(200);
  return res.text();
};
/** The stitching-health line. */
const health = (html: string) => {
  const start = html.indexOf('<section class="health');
  expect(start, "no stitching-health line").toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
};
/** The opening tag and header of one visitor's card. */
const card = (html: string, aid: string) => {
  const at_ = html.indexOf(`data-anonymous-id="${aid}"`);
  expect(at_, `no card for ${aid}`).toBeGreaterThan(-1);
  const start = html.lastIndexOf("<section", at_);
  return html.slice(start, html.indexOf("</section>", at_));
};
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

describe("the events page's stitching health", () => {
  it("counts stitched server events and lonely visitors, and marks only the server-only visitor next to a browser-only one", async () => {
    t = await startTestIngest({ rateLimits: false });
    // Healthy: the browser adopted the server's id, so both halves carry u_healthy.
    expect((await fromBrowser([{ event: "$pageview", anonymous_id: "u_healthy", url: "http://localhost:5173/pricing", timestamp: at(0) }])).status).toBe(202);
    expect((await fromServer([{ event: "signup", anonymous_id: "u_healthy", path: "/api/signup", timestamp: at(1) }])).status).toBe(202);
    // Server-only, 3 s from u_healthy's pageview: that visitor has server events, so it is no split partner.
    expect((await fromServer([{ event: "viewed_pricing", anonymous_id: "u_near_stitched", path: "/pricing", timestamp: at(3) }])).status).toBe(202);
    // The split: a static page's browser minted u_browser_half, the API route minted u_server_half.
    expect((await fromBrowser([{ event: "$pageview", anonymous_id: "u_browser_half", url: "http://localhost:5173/static/pricing", timestamp: at(100) }])).status).toBe(202);
    expect((await fromServer([{ event: "signup", anonymous_id: "u_server_half", path: "/api/signup", timestamp: at(102) }])).status).toBe(202);
    // Server-only, 15 minutes from any browser event: a backend job, not a split.
    expect((await fromServer([{ event: "nightly_export", anonymous_id: "u_backend", timestamp: at(1_000) }])).status).toBe(202);
    // Browser-only, alone in its hour.
    expect((await fromBrowser([{ event: "$pageview", anonymous_id: "u_reader", url: "http://localhost:5173/blog", timestamp: at(5_000) }])).status).toBe(202);
    // A webhook without anonymous_id: counted in "without anonymous_id", not in the share.
    expect((await fromServer([{ event: "completed_checkout", user_id: "user_9", timestamp: at(6_000) }])).status).toBe(202);

    const html = await page();
    const line = health(html);
    expect(line).toContain('class="health warn"');
    expect(text(line)).toContain("stitching25% of server events share their anonymous_id with browser events (1 of 4)");
    expect(text(line)).toContain("3 server-only visitors");
    expect(text(line)).toContain("2 browser-only visitors");
    expect(text(line)).toContain("1 likely split below");

    expect(html.match(/class="card visitor[^"]*is-split/g)).toHaveLength(1);
    const split = card(html, "u_server_half");
    expect(split).toMatch(/^<section class="card visitor is-split" data-anonymous-id="u_server_half" data-split-with="u_browser_half">/);
    expect(split).toContain('<span class="chip lonely">server only</span><span class="chip split">likely split</span>');
    expect(text(split)).toContain("Likely split: its server event signup came 2 s after a $pageview on /static/pricing from browser-only visitor u_browser_half: one person, two ids.");
    expect(text(split)).toContain("Fix: the browser did not adopt the server's id. Check that the proxy/middleware runs on this page and that the provider reads the aid cookie:");
    expect(text(split)).toContain("Next.js withMillimetric() in proxy.ts (middleware.ts before Next 16) with this page in its matcher, and <MillimetricProvider> in the root layout");
    expect(text(split)).toContain("init({ key, anonymousId: pageAid() })");

    for (const aid of ["u_near_stitched", "u_backend"]) {
      expect(card(html, aid)).toMatch(new RegExp(`^<section class="card visitor" data-anonymous-id="${aid}">`));
      expect(card(html, aid)).toContain('<span class="chip lonely">server only</span>');
      expect(card(html, aid)).not.toContain("split");
    }
    expect(card(html, "u_healthy")).toMatch(/^<section class="card visitor is-stitched" data-anonymous-id="u_healthy">/);
    for (const aid of ["u_browser_half", "u_reader"]) {
      expect(card(html, aid)).toContain('<span class="chip lonely">browser only</span>');
      expect(card(html, aid)).not.toContain("is-split");
    }
    // The live fragment carries the same line.
    const partial = await (await t.call("/?partial=1", { key: null })).text();
    expect(health(partial)).toBe(line);
  });

  it("does not mark a server-only visitor with two browser-only visitors nearby (parallel tests, a load test)", async () => {
    t = await startTestIngest({ rateLimits: false });
    await fromBrowser([
      { event: "$pageview", anonymous_id: "u_tab_one", url: "http://localhost:5173/a", timestamp: at(0) },
      { event: "$pageview", anonymous_id: "u_tab_two", url: "http://localhost:5173/b", timestamp: at(40) },
    ]);
    await fromServer([{ event: "signup", anonymous_id: "u_server", timestamp: at(2) }]);
    const html = await page();
    expect(html).not.toMatch(/class="card visitor[^"]*is-split/);
    expect(text(health(html))).toContain("1 server-only visitor2 browser-only visitors");
    expect(health(html)).not.toContain("likely split");
    // Later, one browser-only visitor alone next to another server-only one: that pair is marked.
    await fromBrowser([{ event: "$pageview", anonymous_id: "u_tab_three", url: "http://localhost:5173/c", timestamp: at(1_000) }]);
    await fromServer([{ event: "signup", anonymous_id: "u_server_later", timestamp: at(1_001) }]);
    const later = await page();
    expect(card(later, "u_server_later")).toContain('data-split-with="u_tab_three"');
    expect(card(later, "u_server")).not.toContain("is-split");
  });

  it("looks only at the 200 events nearest in time each way, so a burst of traffic cannot slow the page", async () => {
    t = await startTestIngest({ rateLimits: false });
    await fromServer([{ event: "signup", anonymous_id: "u_server", timestamp: at(0) }]);
    // 300 webhooks in the 10 s between the two halves: the pageview is 301 rows away.
    const burst = Array.from({ length: 300 }, (_, i) => ({ event: "webhook", user_id: `user_${i}`, timestamp: new Date(T + 1 + i).toISOString() }));
    expect((await fromServer(burst)).status).toBe(202);
    await fromBrowser([{ event: "$pageview", anonymous_id: "u_browser", url: "http://localhost:5173/", timestamp: at(10) }]);
    expect(card(await page(), "u_server")).not.toContain("is-split");
    // Without the burst the same two are a pair.
    await t.close();
    t = await startTestIngest({ rateLimits: false });
    await fromServer([{ event: "signup", anonymous_id: "u_server", timestamp: at(0) }]);
    await fromBrowser([{ event: "$pageview", anonymous_id: "u_browser", url: "http://localhost:5173/", timestamp: at(10) }]);
    expect(card(await page(), "u_server")).toContain('data-split-with="u_browser"');
  });

  it("reads calm when every server event joins a browser visitor", async () => {
    t = await startTestIngest({ rateLimits: false });
    await fromBrowser([{ event: "$pageview", anonymous_id: "u_a", url: "http://localhost:5173/", timestamp: at(0) }]);
    await fromServer([
      { event: "signup", anonymous_id: "u_a", timestamp: at(1) },
      { event: "upgraded", anonymous_id: "u_a", timestamp: at(2) },
    ]);
    const html = await page();
    const line = health(html);
    expect(line).toMatch(/^<section class="health" id="stitching"/);
    expect(text(line)).toContain("100% of server events share their anonymous_id with browser events (2 of 2)");
    expect(text(line)).toContain("0 server-only visitors");
    expect(text(line)).toContain("0 browser-only visitors");
    expect(line).not.toContain("likely split");
    expect(html).not.toMatch(/class="card visitor[^"]*is-split/);
  });

  it("says so when no server event carries an anonymous_id, and is absent on an empty database", async () => {
    t = await startTestIngest({ rateLimits: false });
    expect(await page()).not.toContain('class="health');
    await fromBrowser([{ event: "$pageview", anonymous_id: "u_a", url: "http://localhost:5173/", timestamp: at(0) }]);
    await fromServer([{ event: "webhook", user_id: "user_1", timestamp: at(1) }]);
    const line = health(await page());
    expect(text(line)).toContain("no server event with an anonymous_id yet");
    expect(text(line)).toContain("1 browser-only visitor");
    expect(line).not.toContain("warn");
  });

  it("escapes the ids, event names and paths it quotes in a split's reason", async () => {
    t = await startTestIngest({ rateLimits: false });
    const hostileAid = `"><img src=x onerror=window.__pwned=1>`;
    expect((await fromBrowser([{ event: "<svg onload=alert(2)>", anonymous_id: hostileAid, path: "/<script>alert(3)</script>", timestamp: at(0) }])).status).toBe(202);
    expect((await fromServer([{ event: "<b>signup</b>", anonymous_id: "u_srv", timestamp: at(1) }])).status).toBe(202);
    const html = await page();
    const split = card(html, "u_srv");
    expect(split).toContain(`data-split-with="&quot;&gt;&lt;img src=x onerror=window.__pwned=1&gt;"`);
    expect(split).toContain("its server event <code>&lt;b&gt;signup&lt;/b&gt;</code> came 1 s after a <code>&lt;svg onload=alert(2)&gt;</code>");
    expect(split).toContain("on <code>/&lt;script&gt;alert(3)&lt;/script&gt;</code>");
    expect(html).not.toMatch(/<img src=x|<svg|<b>signup|<script>alert/);
  });
});

describe("renderStitchingHealth", () => {
  const line = (stitched: number, server: number) =>
    text(renderStitchingHealth({ serverEvents: server, stitchedServerEvents: stitched, serverOnlyVisitors: 1, browserOnlyVisitors: 1 }, 0));
  it("never rounds a share up to 100% nor down to 0% while one event differs", () => {
    expect(line(999, 1000)).toContain("99% of server events");
    expect(line(1, 1000)).toContain("<1% of server events");
    expect(line(0, 1000)).toContain("0% of server events");
    expect(line(1000, 1000)).toContain("100% of server events");
    expect(line(2, 3)).toContain("66% of server events share their anonymous_id with browser events (2 of 3)");
    expect(line(12_345, 100_000)).toContain("(12,345 of 100,000)");
    expect(line(1, 2)).toContain("1 server-only visitor1 browser-only visitor");
  });
});
