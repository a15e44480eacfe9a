// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MillimetricError } from "@millimetric/core";
import { recorder, sandbox, settle, thrown, waitFor } from "./testing";

const { load } = sandbox();
let srv: Awaited<ReturnType<typeof recorder>>;
beforeEach(async () => {
  srv = await recorder();
});
afterEach(() => srv.close());

const KEY = "pk_test_f6589a94_x";
const opts = (o = {}) => ({ key: KEY, host: srv.host, flushIntervalMs: 60_000, ...o });

it("exports exactly the public surface", async () => {
  expect(Object.keys(await load()).sort()).toEqual(
    [
      "aidCookieTemplate",
      "aidFromCookies",
      "ANONYMOUS_ID_HEADER",
      "anonymousIdHeaders",
      "configure",
      "flush",
      "getAnonymousId",
      "identify",
      "init",
      "isOptedOut",
      "MillimetricError",
      "MillimetricTypeError",
      "optIn",
      "optOut",
      "page",
      "pageAid",
      "reset",
      "setAnonymousId",
      "track",
    ].sort(),
  );
});

describe("keys", () => {
  for (const key of ["sk_live_f6589a94_secret", "rk_live_f6589a94_secret", "ak_live_f6589a94_secret", "live_f6589a94", "", undefined]) {
    it(`refuses ${JSON.stringify(key)} with a TypeError in development`, async () => {
      const mm = await load();
      const error = thrown(() => mm.init({ key: key as string, host: srv.host }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toBeInstanceOf(MillimetricError);
      expect(error).toMatchObject({
        code: "invalid_key",
        message: "[millimetric] init() refused the key: never put a secret key in browser code; use your pk_ key",
      });
      mm.track("x");
      await mm.flush();
      expect(srv.requests).toHaveLength(0);
    });
  }

  it("in production logs instead, never echoes the secret, and stays inert", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const mm = await load();
    mm.init({ key: "sk_live_f6589a94_topsecret", host: srv.host });
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]![0])).toMatch(/^\[millimetric\] .*pk_ key/);
    expect(String(error.mock.calls[0]![0])).not.toContain("topsecret");
    mm.track("x");
    mm.identify("u");
    await mm.flush();
    dispatchEvent(new Event("pagehide"));
    await settle();
    expect(srv.requests).toHaveLength(0);
    expect(mm.getAnonymousId()).toBeUndefined();
  });
});

it("init is idempotent for the same key and ignores (with a warning) another key", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const mm = await load();
  mm.init(opts());
  const id = mm.getAnonymousId();
  mm.init(opts());
  expect(warn).not.toHaveBeenCalled();
  mm.init(opts({ key: "pk_test_other000_y" }));
  expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[millimetric\] init\(\) ignored/));
  expect(mm.getAnonymousId()).toBe(id);
  await mm.flush();
  expect(srv.events().map((e) => e.event)).toEqual(["$pageview"]); // one, not two
  expect(srv.requests[0]!.headers.authorization).toBe("Bearer " + KEY);
});

describe("track", () => {
  it("throws a TypeError (a MillimetricError, code invalid_event) naming the field and the rule; nothing reaches a batch", async () => {
    const mm = await load();
    mm.init(opts({ autoPageView: false }));
    // Core's rule texts (eventNameError, propertiesError): the same words as the servers'.
    const field = (name: string, rule: string) => `[millimetric] invalid event: "${name}" ${rule}`;
    const length = field("event", "must be a string of 1–128 characters");
    const reserved = field("event", '"$" names are reserved for $pageview and $identify');
    const plain = field("properties", "must be a plain JSON object");
    const cases: Array<[unknown[], string]> = [
      [[""], length],
      [["x".repeat(129)], length],
      [[42], length],
      [["$custom"], reserved],
      [["ok", []], plain],
      [["ok", new Date()], plain],
      [["ok", "text"], plain],
      [["ok", { big: "x".repeat(9000) }], field("properties", "must be at most 8192 bytes as JSON (got 9010)")],
      [["ok", { big: "é".repeat(4100) }], field("properties", "must be at most 8192 bytes as JSON (got 8210)")], // 4100 characters, 8200 bytes
      [["ok", { n: 1n }], field("properties", "must be JSON-serialisable (no cycles, no BigInt)")],
    ];
    for (const [args, message] of cases) {
      expect(() => (mm.track as (...a: unknown[]) => void)(...args)).toThrow(TypeError);
      const error = thrown(() => (mm.track as (...a: unknown[]) => void)(...args));
      expect(error).toBeInstanceOf(MillimetricError);
      expect(error).toHaveProperty("code", "invalid_event");
      expect((error as Error).message).toBe(message);
    }
    mm.track("good", { near: "é".repeat(4000) });
    mm.track("$pageview");
    await mm.flush();
    expect(srv.events().map((e) => e.event)).toEqual(["good", "$pageview"]);
  });

  it("production builds never throw at a visitor: the call is dropped, and configure({ onError }) gets the same coded error", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const mm = await load();
    const errors: unknown[] = [];
    mm.configure({ onError: (error) => errors.push(error) });
    mm.init(opts({ autoPageView: false }));
    expect(() => mm.track("$custom")).not.toThrow();
    expect(() => mm.track("ok", [] as never)).not.toThrow();
    expect(() => mm.identify("")).not.toThrow();
    mm.track("good");
    await mm.flush();
    expect(srv.events().map((e) => e.event)).toEqual(["good"]);
    expect(errors.map((e) => [(e as Error).message, e instanceof TypeError, e instanceof MillimetricError, (e as MillimetricError).code])).toEqual([
      ['[millimetric] invalid event: "event" "$" names are reserved for $pageview and $identify', true, true, "invalid_event"],
      ['[millimetric] invalid event: "properties" must be a plain JSON object', true, true, "invalid_event"],
      ['[millimetric] invalid event: "user_id" must be a string of 1–256 characters', true, true, "invalid_event"],
    ]);
  });

  it("stamps time, id, ids, url, path, referrer and $ context; our $ names win", async () => {
    Object.defineProperty(document, "referrer", { value: "https://news.example/item", configurable: true });
    history.replaceState(null, "", "/pricing?utm_source=news&utm_medium=social&utm_campaign=launch&utm_term=t&utm_content=c&fbclid=F&gclid=G&ttclid=T&msclkid=M&li_fat_id=L&other=1#top");
    const mm = await load();
    mm.init(opts({ autoPageView: false }));
    const before = Date.now();
    mm.track("clicked", { plan: "pro", $viewport: "spoofed" });
    mm.track("clicked");
    await mm.flush();
    delete (document as any).referrer;
    const [e, e2] = srv.events();
    expect(Date.parse(e!.timestamp)).toBeGreaterThanOrEqual(before - 1);
    expect(e!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(e!.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(e2!.event_id).not.toBe(e!.event_id);
    expect(e).toMatchObject({
      event: "clicked",
      anonymous_id: mm.getAnonymousId(),
      url: location.href,
      path: "/pricing",
      referrer: "https://news.example/item",
    });
    expect(e!.user_id).toBeUndefined();
    expect(e!.properties).toEqual({
      plan: "pro",
      $viewport: `${innerWidth}x${innerHeight}`,
      $language: navigator.language,
      $timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      $utm_source: "news",
      $utm_medium: "social",
      $utm_campaign: "launch",
      $utm_term: "t",
      $utm_content: "c",
      $fbclid: "F",
      $gclid: "G",
      $ttclid: "T",
      $msclkid: "M",
      $li_fat_id: "L",
    });
  });

  it("a crafted link with huge attribution params never makes init, pageviews or track() throw", async () => {
    history.replaceState(null, "", `/landing?utm_content=${"x".repeat(9000)}&utm_evil=${"y".repeat(100)}`);
    const mm = await load();
    expect(() => mm.init(opts())).not.toThrow();
    expect(() => history.pushState(null, "", `/next?utm_source=${"z".repeat(9000)}`)).not.toThrow();
    const near = { blob: "b".repeat(8100) }; // valid on its own, too big with our $ context added
    expect(() => mm.track("clicked", near)).not.toThrow();
    await mm.flush();
    const [landing, next, clicked] = srv.events();
    expect((landing!.properties as Record<string, string>).$utm_content).toHaveLength(256);
    // Any utm_* name counts (the protocol's rule), each value capped at 256 characters.
    expect(landing!.properties).toHaveProperty("$utm_evil", "y".repeat(100));
    expect((next!.properties as Record<string, string>).$utm_source).toHaveLength(256);
    expect(clicked!.properties).toEqual(near); // our context left out, the caller's data kept
    // A caller's own oversized value is still refused, by name.
    expect(() => mm.track("x", { blob: "b".repeat(9000) })).toThrow('"properties" must be at most 8192 bytes as JSON (got 9011)');
  });

  it("keeps a very long URL within the protocol's 2048 characters instead of sinking the batch", async () => {
    history.replaceState(null, "", "/p?q=" + "x".repeat(3000));
    const mm = await load();
    mm.init(opts());
    mm.track("long");
    await mm.flush();
    expect(srv.events()).toHaveLength(2);
    expect(srv.events()[1]!.url).toHaveLength(2048);
  });
});

describe("pageviews", () => {
  const pageviews = () => srv.events().filter((e) => e.event === "$pageview");

  it("one on init, one per real URL change, none for same-URL replaceState or hash changes", async () => {
    history.replaceState(null, "", "/start");
    const mm = await load();
    mm.init(opts());
    history.pushState(null, "", "/a"); // 2
    history.replaceState({ s: 1 }, "", "/a"); // same URL: none
    history.pushState(null, "", "/a#section"); // hash only: none
    location.hash = "other"; // hash only (fires popstate/hashchange): none
    history.replaceState(null, "", "/a?tab=2"); // query change: 3
    history.pushState(null, "", "/b"); // 4
    history.back(); // popstate back to /a?tab=2 ... (jsdom traverses asynchronously): 5
    await waitFor(() => location.pathname === "/a");
    await settle(50);
    await mm.flush();
    expect(pageviews().map((e) => e.path + new URL(e.url).search)).toEqual(["/start", "/a", "/a?tab=2", "/b", "/a?tab=2"]);
    expect(pageviews().every((e) => !("$name" in e.properties))).toBe(true);
    expect(pageviews()[0]!.properties.$viewport).toBe(`${innerWidth}x${innerHeight}`);
  });

  it("pushState then popstate back is two pageviews", async () => {
    history.replaceState(null, "", "/list");
    const mm = await load();
    mm.init(opts());
    history.pushState(null, "", "/item");
    history.back();
    await waitFor(() => location.pathname === "/list");
    await settle(50);
    await mm.flush();
    expect(pageviews().map((e) => e.path)).toEqual(["/list", "/item", "/list"]);
  });

  it("autoPageView: false sends none; page() sends one with $name", async () => {
    const mm = await load();
    mm.init(opts({ autoPageView: false }));
    history.pushState(null, "", "/quiet");
    mm.page("Pricing", { variant: "b", $name: "spoofed" });
    mm.page();
    await mm.flush();
    expect(pageviews()).toHaveLength(2);
    expect(pageviews()[0]!.properties).toMatchObject({ variant: "b", $name: "Pricing" });
    expect(pageviews()[0]!.path).toBe("/quiet");
    expect("$name" in pageviews()[1]!.properties).toBe(false);
  });
});
