// @vitest-environment jsdom
// Runtime consent: optOut(), optIn(), isOptedOut() and init's respect for the mm_optout
// cookie, against a real recording server on 127.0.0.1.
import { isOptedOut as serverSaysOptedOut, OPT_OUT_COOKIE } from "@millimetric/core";
import { describe, expect, it, vi } from "vitest";
import { hasOptOutCookie } from "./optOutCookie";
import { define, recordingSdk, settle, TEST_KEY } from "./testing";

const { load, srv, opts, sent } = recordingSdk();
/** After a flush and a page exit: no request was made, and no anonymous id is kept anywhere. */
async function expectNothingSentOrKept(mm: { flush(): Promise<void>; getAnonymousId(): string | undefined }) {
  await mm.flush();
  dispatchEvent(new Event("pagehide"));
  await settle();
  expect(srv().requests).toHaveLength(0);
  expect(mm.getAnonymousId()).toBeUndefined();
  expect(localStorage.getItem("mm_aid")).toBeNull();
  expect(cookies().aid).toBeUndefined();
}
const cookies = () => Object.fromEntries(document.cookie.split("; ").filter(Boolean).map((c) => c.split("=")));

describe("the opt-out cookie", () => {
  it("is read exactly as every server adapter reads it (core's isOptedOut)", () => {
    const headers = [
      "",
      `${OPT_OUT_COOKIE}=1`,
      `a=b; ${OPT_OUT_COOKIE}=1`,
      `${OPT_OUT_COOKIE}=1; a=b`,
      `${OPT_OUT_COOKIE}=0`,
      `${OPT_OUT_COOKIE}=10`,
      `${OPT_OUT_COOKIE}=`,
      `x${OPT_OUT_COOKIE}=1`,
      `${OPT_OUT_COOKIE}x=1`,
      `a=${OPT_OUT_COOKIE}=1`,
      `${OPT_OUT_COOKIE}=0; ${OPT_OUT_COOKIE}=1`,
      // Core's parser percent-decodes and unquotes a value: so does the browser.
      `${OPT_OUT_COOKIE}=%31`,
      `${OPT_OUT_COOKIE}="1"`,
      `a=b; ${OPT_OUT_COOKIE}="%31"; c=d`,
      `${OPT_OUT_COOKIE}=%32`,
      `${OPT_OUT_COOKIE}="1`,
      `${OPT_OUT_COOKIE}=1"`,
      `${OPT_OUT_COOKIE}=%2531`,
      `${OPT_OUT_COOKIE}=%31%`,
      `${OPT_OUT_COOKIE}=%221%22`,
    ];
    const cookie = vi.spyOn(document, "cookie", "get");
    for (const header of headers) {
      cookie.mockReturnValue(header);
      const server = serverSaysOptedOut((name) => (name == "cookie" ? header : undefined));
      expect(hasOptOutCookie(), header).toBe(server);
    }
    // The table exercises both answers.
    expect(headers.filter((h) => serverSaysOptedOut((n) => (n == "cookie" ? h : undefined)))).toHaveLength(7);
  });

  it.each(["1", "%31", '"1"'])("mm_optout=%s: init starts nothing and isOptedOut() says so, as on the servers", async (value) => {
    document.cookie = `${OPT_OUT_COOKIE}=${value}; Path=/`;
    expect(document.cookie).toBe(`${OPT_OUT_COOKIE}=${value}`);
    const mm = await load();
    expect(mm.isOptedOut()).toBe(true);
    mm.init(opts({ cookie: true }));
    mm.track("while_opted_out");
    await expectNothingSentOrKept(mm);
    expect(mm.isOptedOut()).toBe(true);
  });

  it("optOut() writes mm_optout=1 first-party for a year (Path=/, SameSite=Lax); optIn() expires it", async () => {
    const mm = await load();
    const written: string[] = [];
    const set = Object.getOwnPropertyDescriptor(Document.prototype, "cookie")!.set!;
    vi.spyOn(document, "cookie", "set").mockImplementation(function (this: Document, value: string) {
      written.push(value);
      set.call(this, value);
    });
    mm.optOut();
    expect(written[0]).toBe("mm_optout=1; Max-Age=31536000; Path=/; SameSite=Lax"); // Secure is added on https only
    expect(cookies()[OPT_OUT_COOKIE]).toBe("1");
    mm.optIn();
    expect(written).toContain("mm_optout=; Max-Age=0; Path=/; SameSite=Lax");
    expect(cookies()[OPT_OUT_COOKIE]).toBeUndefined();
  });
});

describe("in a page another site frames", () => {
  it("on https optOut() writes mm_optout SameSite=None; Secure, so a frame of this site under another one reads it and sends it to the server; optIn() expires it the same way", async () => {
    vi.stubGlobal("location", { ...location, protocol: "https:", href: "https://shop.example/", pathname: "/", search: "" });
    const written: string[] = [];
    vi.spyOn(document, "cookie", "set").mockImplementation((value: string) => void (value.startsWith(OPT_OUT_COOKIE) && written.push(value)));
    const mm = await load();
    mm.optOut();
    mm.optIn();
    expect(written).toEqual([
      `${OPT_OUT_COOKIE}=1; Max-Age=31536000; Path=/; SameSite=None; Secure`,
      `${OPT_OUT_COOKIE}=; Max-Age=0; Path=/; SameSite=None; Secure`,
    ]);
  });
});

describe("optOut() after init", () => {
  it("drops the queue, sends nothing more, forgets the anonymous id; optIn() sends again with a fresh id", async () => {
    const mm = await load();
    mm.init(opts({ cookie: true }));
    const before = mm.getAnonymousId()!;
    expect(cookies().aid).toBe(before);
    mm.track("queued_before_opt_out");
    expect(mm.isOptedOut()).toBe(false);

    mm.optOut();
    expect(mm.isOptedOut()).toBe(true);
    mm.track("while_opted_out");
    mm.page("while_opted_out");
    mm.identify("user_1");
    history.pushState(null, "", "/elsewhere");
    await expectNothingSentOrKept(mm);

    mm.optIn();
    expect(mm.isOptedOut()).toBe(false);
    const after = mm.getAnonymousId()!;
    expect(after).toMatch(/^u_[0-9a-f]{32}$/);
    expect(after).not.toBe(before);
    expect(cookies().aid).toBe(after); // mirrored again
    mm.track("after_opt_in");
    await mm.flush();
    expect(sent()).toEqual(["after_opt_in"]);
    expect(srv().events()[0]!.anonymous_id).toBe(after);
  });

  it("a batch in flight when the visitor opts out is not retried after a failure", async () => {
    const mm = await load();
    srv().reply(503);
    mm.init(opts({ autoPageView: false, flushIntervalMs: 20 }));
    mm.track("in_flight");
    const flushing = mm.flush(); // the request leaves now; its answer comes after optOut()
    mm.optOut();
    await flushing;
    await settle(300); // the timer would have retried a kept batch many times over
    expect(srv().requests).toHaveLength(1);
    mm.optIn();
    mm.track("after_opt_in");
    await mm.flush();
    expect(srv().requests.map((r) => r.events.map((e) => e.event))).toEqual([["in_flight"], ["after_opt_in"]]);
  });

  it("expires the aid cookie the server wrote, under its name, and its mm_minted companion", async () => {
    document.cookie = "sid=u_from_server; Path=/";
    document.cookie = "mm_minted=u_from_server; Path=/";
    document.cookie = "aid=u_default_name; Path=/";
    const mm = await load();
    mm.init(opts({ anonymousId: { id: "u_from_server", minted: false, cookie: "sid=; Path=/; Max-Age=31536000; SameSite=Lax" } }));
    expect(mm.getAnonymousId()).toBe("u_from_server");
    mm.optOut();
    expect(cookies()).toEqual({ [OPT_OUT_COOKIE]: "1" });
  });

  it("keeps the user id stored (unsent) for when the visitor opts back in", async () => {
    const mm = await load();
    mm.init(opts({ autoPageView: false }));
    mm.identify("user_1");
    await mm.flush();
    mm.optOut();
    mm.optIn();
    mm.track("back");
    await mm.flush();
    expect(srv().events().map((e) => [e.event, e.user_id])).toEqual([
      ["$identify", "user_1"],
      ["back", "user_1"],
    ]);
  });
});

describe("init with the opt-out cookie", () => {
  it("starts nothing (no id, no cookie, no pageview) until optIn(), which starts the SDK on this page", async () => {
    document.cookie = `${OPT_OUT_COOKIE}=1; Path=/`;
    history.replaceState(null, "", "/landing");
    const mm = await load();
    mm.init(opts({ cookie: true }));
    expect(mm.isOptedOut()).toBe(true);
    mm.track("while_opted_out");
    history.pushState(null, "", "/next");
    await expectNothingSentOrKept(mm);

    mm.optIn();
    const id = mm.getAnonymousId()!;
    expect(id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(cookies()).toEqual({ aid: id });
    mm.track("after_opt_in");
    await mm.flush();
    expect(srv().events().map((e) => [e.event, e.path])).toEqual([
      ["$pageview", "/next"],
      ["after_opt_in", "/next"],
    ]);
  });

  it("holds with ignorePrivacySignals: the visitor's own choice, not a browser-wide signal", async () => {
    document.cookie = `${OPT_OUT_COOKIE}=1; Path=/`;
    const mm = await load();
    mm.init(opts({ ignorePrivacySignals: true }));
    mm.track("x");
    await mm.flush();
    expect(srv().requests).toHaveLength(0);
    expect(mm.isOptedOut()).toBe(true);
  });

  it("an optOut() before init is honoured by that init", async () => {
    const mm = await load();
    mm.optOut();
    expect(mm.isOptedOut()).toBe(true);
    mm.init(opts());
    mm.track("x");
    await mm.flush();
    expect(srv().requests).toHaveLength(0);
    mm.optIn();
    await mm.flush();
    expect(sent()).toEqual(["$pageview"]);
  });

  it("a later init() while opted out is parked too, and optIn() starts the SDK once", async () => {
    document.cookie = `${OPT_OUT_COOKIE}=1; Path=/`;
    const mm = await load();
    mm.init(opts());
    mm.init(opts());
    mm.optIn();
    mm.optIn();
    await mm.flush();
    expect(sent()).toEqual(["$pageview"]);
  });
});

describe("privacy signals and consent", () => {
  it("optIn() does not override Do-Not-Track / Global Privacy Control; isOptedOut() reports them after init", async () => {
    define(navigator, "globalPrivacyControl", true);
    const mm = await load();
    expect(mm.isOptedOut()).toBe(false); // before init: only the visitor's own choice is known
    mm.init(opts());
    expect(mm.isOptedOut()).toBe(true);
    mm.optOut();
    mm.optIn();
    expect(mm.isOptedOut()).toBe(true);
    mm.track("x");
    await mm.flush();
    expect(srv().requests).toHaveLength(0);
  });

  it("Do-Not-Track / Global Privacy Control: init starts nothing, not even a stored id or a cookie", async () => {
    define(navigator, "doNotTrack", "1");
    const mm = await load();
    mm.init(opts({ cookie: true }));
    mm.track("x");
    await mm.flush();
    expect(srv().requests).toHaveLength(0);
    expect(mm.getAnonymousId()).toBeUndefined();
    expect(localStorage.getItem("mm_aid")).toBeNull();
    expect(document.cookie).not.toMatch(/(^|; )aid=/);
    expect(mm.isOptedOut()).toBe(true);
  });

  it("ignorePrivacySignals: optOut() still stops sending, optIn() resumes it", async () => {
    define(navigator, "doNotTrack", "1");
    const mm = await load();
    mm.init(opts({ autoPageView: false, ignorePrivacySignals: true }));
    mm.optOut();
    mm.track("no");
    mm.optIn();
    mm.track("yes");
    await mm.flush();
    expect(sent()).toEqual(["yes"]);
  });
});

it("optIn() before init starts nothing by itself; init then runs as usual", async () => {
  const mm = await load();
  mm.optIn();
  mm.track("before_init");
  await mm.flush();
  expect(srv().requests).toHaveLength(0);
  expect(mm.getAnonymousId()).toBeUndefined();
  mm.init(opts());
  await mm.flush();
  expect(sent()).toEqual(["$pageview"]);
});
