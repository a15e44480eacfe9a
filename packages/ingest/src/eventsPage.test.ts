import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { KEYS, ORIGIN, startTestIngest, type TestIngest } from "../test/startTestIngest";

let t: TestIngest;
beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
});
afterEach(async () => {
  await t.expectAlive();
});
afterAll(async () => {
  await t.close();
});

const page = async (partial = false) => {
  const res = await t.call(partial ? "/?partial=1" : "/", { key: null });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  return { html: await res.text(), csp: res.headers.get("content-security-policy") ?? "" };
};
/** The HTML of one visitor's card. */
const card = (html: string, aid: string) => {
  const start = html.indexOf(`data-anonymous-id="${aid}"`);
  expect(start, `no card for ${aid}`).toBeGreaterThan(-1);
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
};
const browser = (body: unknown, path = "/v1/batch") =>
  t.call(path, {
    key: KEYS.publishable,
    origin: ORIGIN,
    body,
    headers: { "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15" },
  });

describe("GET / (the events page)", () => {
  it("shows an empty state with how to send a first event", async () => {
    const { html, csp } = await page();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("No events yet");
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)[a-z]/i); // no external assets
  });

  it("stitches a visitor: browser events, $identify, server events by anonymous_id and by linked user_id", async () => {
    expect((await browser({ events: [
      { event: "$pageview", anonymous_id: "u_visitor", url: "http://localhost:5173/pricing", timestamp: "2026-03-01T10:00:00Z" },
      { event: "clicked_signup", anonymous_id: "u_visitor", timestamp: "2026-03-01T10:00:05Z" },
      // the browser SDK sends identify as an event, through the batch
      { event: "$identify", anonymous_id: "u_visitor", user_id: "user_42", event_id: "id_1", timestamp: "2026-03-01T10:00:10Z" },
    ] })).status).toBe(202);
    expect((await t.track({ event: "signup", anonymous_id: "u_visitor", user_id: "user_42", timestamp: "2026-03-01T10:00:11Z" })).status).toBe(202);
    // a webhook that only knows the user: joined through $identify, but flagged
    expect((await t.track({ event: "completed_checkout", user_id: "user_42", timestamp: "2026-03-01T10:01:00Z", properties: { amount_cents: 4900 } })).status).toBe(202);
    // server events nobody can stitch
    expect((await t.track({ event: "lost_signup", timestamp: "2026-03-01T10:02:00Z" })).status).toBe(202);
    expect((await t.track({ event: "lost_purchase", user_id: "never_seen", timestamp: "2026-03-01T10:03:00Z" })).status).toBe(202);

    const { html } = await page();
    const visitor = card(html, "u_visitor");
    expect(visitor).toContain("browser + server stitched");
    expect(visitor).toContain('<span class="chip user"><span class="k">user_id</span>user_42</span>');
    expect(visitor).toContain("Safari · macOS · desktop");
    const names = [...visitor.matchAll(/<span class="name">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(names).toEqual(["$pageview", "clicked_signup", "$identify", "signup", "completed_checkout"]);
    const sources = [...visitor.matchAll(/<li class="ev (browser|server)( missing)?">/g)].map((m) => m[1] + (m[2] ?? ""));
    expect(sources).toEqual(["browser", "browser", "browser", "server", "server missing"]);
    expect(visitor).toContain("no anonymous_id · joined only through user_id user_42");
    expect(visitor).toContain("amount_cents: 4900");

    const unstitched = html.slice(html.indexOf('id="unstitched"'), html.indexOf("</section>", html.indexOf('id="unstitched"')));
    expect(unstitched).toContain("lost_signup");
    expect(unstitched).toContain("no anonymous_id and no user_id");
    expect(unstitched).toContain("no anonymous_id · user_id never_seen was never identified in a browser");
    expect(unstitched).not.toContain("completed_checkout");
  });

  it("an identify through /v1/identify links the same way", async () => {
    await t.track({ event: "visit", anonymous_id: "u_api_ident", timestamp: "2026-03-02T09:00:00Z" });
    await t.call("/v1/identify", { body: { anonymous_id: "u_api_ident", user_id: "api_user", timestamp: "2026-03-02T09:00:01Z" } });
    await t.track({ event: "server_only_user", user_id: "api_user", timestamp: "2026-03-02T09:00:02Z" });
    const visitor = card((await page()).html, "u_api_ident");
    expect(visitor).toContain("<span class=\"k\">user_id</span>api_user");
    expect(visitor).toContain("server_only_user");
  });

  it("stores hostile values as sent and renders every one escaped", async () => {
    const hostile = {
      event: `<img src=x onerror="window.__pwned=1">`,
      anonymous_id: `"><script>window.__pwned=2</script>`,
      user_id: `</code><svg onload=window.__pwned=3>`,
      url: "javascript:window.__pwned=4",
      path: `<iframe src="javascript:window.__pwned=5">`,
      referrer: `'onmouseover='window.__pwned=6`,
      properties: { "<b>key</b>": "<script>window.__pwned=7</script>", n: "&amp; stays literal" },
      event_id: "<evt>",
    };
    expect((await browser(hostile, "/v1/track")).status).toBe(202);
    const [row] = await t.query({ anonymous_id: hostile.anonymous_id });
    expect(row).toMatchObject({ ...hostile, path: hostile.path });

    for (const { html } of [await page(), await page(true)]) {
      expect(html).not.toContain("<img src=x");
      expect(html).not.toContain("<script>window");
      expect(html).not.toContain("<svg");
      expect(html).not.toContain("<iframe");
      expect(html).not.toContain("<b>key");
      expect(html).not.toMatch(/href=/);
      expect(html).toContain("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;");
      expect(html).toContain('data-anonymous-id="&quot;&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;"');
      expect(html).toContain("&amp;amp; stays literal");
    }
    const { html } = await page();
    expect(html.match(/<script/g)).toHaveLength(1); // ours, with the nonce
  });

  it("serves the live fragment at /?partial=1", async () => {
    const { html } = await page(true);
    expect(html).toMatch(/^<section class="summary">/);
    expect(html).not.toContain("<html");
  });
});

describe("a flood of unstitchable events (a backfill of old orders)", () => {
  it("keeps the newest five in view and folds the rest, so visitors stay on the page", async () => {
    await browser({ events: [{ event: "$pageview", anonymous_id: "u_flood_visitor", event_id: "flood_pv" }] });
    const old = Array.from({ length: 40 }, (_, i) => ({ event: "completed_checkout", event_id: `flood_${i}`, user_id: `flood_user_${i}`, timestamp: `2025-03-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00Z` }));
    expect((await t.call("/v1/batch", { body: { events: old } })).status).toBe(202);
    const { html } = await page();
    const section = html.slice(html.indexOf('id="unstitched"'), html.indexOf("</section>", html.indexOf('id="unstitched"')));
    const beforeFold = section.slice(0, section.indexOf("<details>"));
    expect(beforeFold.match(/<li class="ev/g)).toHaveLength(5);
    expect(section).toMatch(/<summary>\d[\d,]* more without anonymous_id/);
    expect(card(html, "u_flood_visitor")).toContain("$pageview");
    // Dates outside today render in full, in their own column.
    expect(section).toMatch(/<time [^>]*>(Feb|Mar) \d+ 2025 \d\d:\d\d:\d\d<\/time>/);
  });

  it("names 20 of a visitor's user ids and counts the rest, so a browser that carried thousands does not make the page megabytes long", async () => {
    const users = Array.from({ length: 25 }, (_, i) => `user_kiosk_${String(i).padStart(2, "0")}`);
    expect((await browser({ events: users.map((user_id) => ({ event: "$identify", anonymous_id: "u_kiosk_page", user_id })) })).status).toBe(202);
    const visitor = card((await page()).html, "u_kiosk_page");
    const chips = [...visitor.matchAll(/<span class="chip user"><span class="k">user_id<\/span>([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(chips).toEqual(users.slice(0, 20));
    expect(visitor).toContain('<span class="chip user">+5 more user ids</span>');
  });
});
