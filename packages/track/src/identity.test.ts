// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MillimetricError } from "@millimetric/core";
import { recorder, sandbox, thrown } from "./testing";

const { load } = sandbox();
let srv: Awaited<ReturnType<typeof recorder>>;
beforeEach(async () => {
  srv = await recorder();
});
afterEach(() => srv.close());

const KEY = "pk_test_f6589a94_x";
const opts = () => ({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000 });
const cookies = () => Object.fromEntries(document.cookie.split("; ").filter(Boolean).map((c) => c.split("=")));

describe("anonymous id", () => {
  it("mints u_ + 32 hex on first load, stores it in localStorage mm_aid, keeps it across loads", async () => {
    let mm = await load();
    expect(mm.getAnonymousId()).toBeUndefined();
    mm.init(opts());
    const id = mm.getAnonymousId()!;
    expect(id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(localStorage.getItem("mm_aid")).toBe(id);
    mm.track("a");
    await mm.flush();
    expect(srv.events()[0]!.anonymous_id).toBe(id);

    mm = await load(); // a reload
    mm.init(opts());
    expect(mm.getAnonymousId()).toBe(id);
    expect(document.cookie).toBe(""); // no cookie unless asked
  });

  it("falls back to memory when storage throws (private mode)", async () => {
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("quota", "QuotaExceededError");
    });
    const mm = await load();
    mm.init(opts());
    const id = mm.getAnonymousId()!;
    expect(id).toMatch(/^u_[0-9a-f]{32}$/);
    mm.identify("user_1");
    mm.setAnonymousId("u_memory");
    mm.track("a");
    await mm.flush();
    expect(srv.events().at(-1)).toMatchObject({ anonymous_id: "u_memory", user_id: "user_1" });
  });

  it("setAnonymousId validates the id and persists it", async () => {
    const mm = await load();
    for (const bad of ["", "a b", "</script>", "é", "x".repeat(129), 42 as unknown as string]) {
      expect(() => mm.setAnonymousId(bad)).toThrow(TypeError);
    }
    expect(() => mm.setAnonymousId("a;b")).toThrow(/setAnonymousId\(\): the id must be 1–128 letters, digits, "_" or "-"/);
    const error = thrown(() => mm.setAnonymousId("a;b"));
    expect(error).toBeInstanceOf(MillimetricError);
    expect(error).toHaveProperty("code", "invalid_argument");
    mm.init(opts());
    mm.setAnonymousId("u_server_owned");
    expect(mm.getAnonymousId()).toBe("u_server_owned");
    expect(localStorage.getItem("mm_aid")).toBe("u_server_owned");
    mm.track("a");
    await mm.flush();
    expect(srv.events()[0]!.anonymous_id).toBe("u_server_owned");
  });
});

describe("reconciliation with the server's id", () => {
  it("window.__aid from an existing cookie wins over localStorage", async () => {
    localStorage.setItem("mm_aid", "u_local");
    (window as any).__aid = { id: "u_from_cookie", minted: false };
    const mm = await load();
    mm.init(opts());
    expect(mm.getAnonymousId()).toBe("u_from_cookie");
    expect(localStorage.getItem("mm_aid")).toBe("u_from_cookie");
    expect(cookies().aid).toBeUndefined(); // the server's cookie already holds it
  });

  it("an id the server minted just now loses to the browser's, which is written back to the cookie", async () => {
    localStorage.setItem("mm_aid", "u_local");
    (window as any).__aid = { id: "u_minted", minted: true };
    const mm = await load();
    mm.init(opts());
    expect(mm.getAnonymousId()).toBe("u_local");
    expect(cookies().aid).toBe("u_local");
  });

  it("a minted server id is adopted when the browser has none", async () => {
    (window as any).__aid = { id: "u_minted", minted: true };
    const mm = await load();
    mm.init(opts());
    expect(mm.getAnonymousId()).toBe("u_minted");
    expect(localStorage.getItem("mm_aid")).toBe("u_minted");
  });

  it("the anonymousId option wins over window.__aid and names the cookie to write back", async () => {
    localStorage.setItem("mm_aid", "u_local");
    (window as any).__aid = { id: "u_window", minted: false };
    const mm = await load();
    mm.init({ ...opts(), anonymousId: { id: "u_option", minted: true, cookie: "mm_id=; Path=/; Max-Age=60; SameSite=Lax" } });
    expect(mm.getAnonymousId()).toBe("u_local");
    expect(cookies()).toEqual({ mm_id: "u_local" });

    // Later id changes keep the server's cookie in step.
    mm.reset();
    expect(cookies().mm_id).toBe(mm.getAnonymousId());
  });

  it("writes back exactly as the server set its cookie (domain, path, lifetime, SameSite), replacing it rather than adding a second one", async () => {
    localStorage.setItem("mm_aid", "u_local");
    (window as any).__aid = { id: "u_minted", minted: true, cookie: "aid=; Path=/app; Max-Age=86400; SameSite=Strict; Domain=example.com" };
    const written: string[] = [];
    const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie")!;
    Object.defineProperty(document, "cookie", { configurable: true, get: () => desc.get!.call(document), set: (v: string) => void written.push(v) });
    try {
      const mm = await load();
      mm.init(opts());
      mm.reset();
    } finally {
      delete (document as any).cookie;
    }
    expect(written).toHaveLength(2);
    for (const w of written) expect(w).toMatch(/^aid=u_[0-9a-z_]+; Path=\/app; Max-Age=86400; SameSite=Strict; Domain=example\.com$/);
    expect(written[0]).toMatch(/^aid=u_local;/);
  });

  it("a bare string (option C) wins; an invalid server id is ignored", async () => {
    localStorage.setItem("mm_aid", "u_local");
    let mm = await load();
    mm.init({ ...opts(), anonymousId: "u_string" });
    expect(mm.getAnonymousId()).toBe("u_string");

    (window as any).__aid = { id: "<script>", minted: false };
    mm = await load();
    mm.init(opts());
    expect(mm.getAnonymousId()).toBe("u_string");

    // A bare string says nothing about a cookie: none is written, now or on reset.
    delete (window as any).__aid;
    mm = await load();
    mm.init({ ...opts(), anonymousId: "u_string" });
    mm.reset();
    expect(document.cookie).toBe("");
  });

  it("on https every cookie it writes is Secure, the server's template included", async () => {
    vi.stubGlobal("location", { ...location, protocol: "https:", href: "https://shop.example/", pathname: "/", search: "" });
    const writes: string[] = [];
    vi.spyOn(document, "cookie", "set").mockImplementation((v: string) => void writes.push(v));
    let mm = await load();
    mm.init({ ...opts(), cookie: true, autoPageView: false });
    localStorage.setItem("mm_aid", "u_local");
    (window as any).__aid = { id: "u_minted", minted: true, cookie: "aid=; Path=/app; Max-Age=60; SameSite=Lax" };
    mm = await load();
    mm.init({ ...opts(), autoPageView: false });
    expect(writes).toEqual([
      expect.stringMatching(/^aid=u_[0-9a-f]{32}; Path=\/; Max-Age=31536000; SameSite=Lax; Secure$/),
      "aid=u_local; Path=/app; Max-Age=60; SameSite=Lax; Secure",
    ]);
  });

  it("cookie: true mirrors the id into the aid cookie on init and on every change", async () => {
    const mm = await load();
    const writes: string[] = [];
    const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie")!;
    vi.spyOn(document, "cookie", "set").mockImplementation((v: string) => {
      writes.push(v);
      desc.set!.call(document, v);
    });
    mm.init({ ...opts(), cookie: true });
    const first = mm.getAnonymousId();
    expect(writes).toEqual([`aid=${first}; Path=/; Max-Age=31536000; SameSite=Lax`]); // http: no Secure
    mm.setAnonymousId("u_adopted");
    expect(cookies().aid).toBe("u_adopted");
    mm.reset();
    expect(cookies().aid).toBe(mm.getAnonymousId());
    expect(writes).toHaveLength(3);
  });
});

describe("identify and reset", () => {
  it("identify emits $identify with traits; later events and reloads carry user_id; reset forgets it", async () => {
    let mm = await load();
    mm.init(opts());
    const anon = mm.getAnonymousId();
    mm.track("before");
    mm.identify("user_42", { plan: "pro" });
    mm.track("after");
    await mm.flush();
    const [before, identify, after] = srv.events();
    expect(before!.user_id).toBeUndefined();
    expect(identify).toMatchObject({ event: "$identify", user_id: "user_42", anonymous_id: anon, properties: { plan: "pro" } });
    expect(Object.keys(identify!.properties)).toEqual(["plan"]);
    expect(after).toMatchObject({ event: "after", user_id: "user_42", anonymous_id: anon });

    mm = await load(); // reload
    mm.init(opts());
    mm.track("reloaded");
    mm.reset();
    mm.track("logged_out");
    await mm.flush();
    const [reloaded, out] = srv.events().slice(3);
    expect(reloaded).toMatchObject({ user_id: "user_42", anonymous_id: anon });
    expect(out!.user_id).toBeUndefined();
    expect(out!.anonymous_id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(out!.anonymous_id).not.toBe(anon);
    expect(localStorage.getItem("mm_uid")).toBeNull();
    expect(localStorage.getItem("mm_aid")).toBe(out!.anonymous_id);
  });

  it("identify rejects a bad user id without changing anything", async () => {
    const mm = await load();
    mm.init(opts());
    expect(() => mm.identify("")).toThrow(/"user_id" must be a string of 1–256 characters/);
    expect(() => mm.identify(undefined as unknown as string)).toThrow(/"user_id"/);
    expect(() => mm.identify("x".repeat(257))).toThrow(/"user_id"/);
    expect(() => mm.identify("u", [] as unknown as Record<string, unknown>)).toThrow(/"properties" must be a plain JSON object/);
    mm.track("still_anonymous");
    await mm.flush();
    expect(srv.events().map((e) => [e.event, e.user_id])).toEqual([["still_anonymous", undefined]]);
  });
});

describe("DOM clobbering of window.__aid", () => {
  it("ignores an element that is window.__aid by its id (a heading anchor): the stored id stays", async () => {
    localStorage.setItem("mm_aid", "u_returning");
    const anchor = document.createElement("h2");
    anchor.id = "__aid";
    document.body.append(anchor);
    // Browsers expose it as window.__aid (named access); jsdom does not, so do it by hand.
    (window as { __aid?: unknown }).__aid = anchor;
    try {
      const mm = await load();
      mm.configure({ disabled: true }); // the test helpers' way to send nothing
      mm.init({ key: "pk_test_x", host: "http://127.0.0.1:9", autoPageView: false, flushIntervalMs: 3_600_000 });
      expect(mm.getAnonymousId()).toBe("u_returning");
    } finally {
      anchor.remove();
    }
  });

  // Two elements with id="__aid" make window.__aid an HTMLCollection, whose named
  // properties are more elements: `.id` and `.cookie` chosen by whoever wrote the markup
  // (user content), and an anchor's string is its href.
  const clobber = () => {
    document.body.insertAdjacentHTML(
      "beforeend",
      '<a id="__aid" name="id" href="u_attacker"></a><a id="__aid" name="cookie" href="evil:aid=; Domain=attacker.example; Max-Age=999999999"></a>',
    );
    const collection = document.querySelectorAll("a").length && document.getElementsByTagName("a");
    expect(collection).toBeInstanceOf(HTMLCollection);
    expect(String((collection as unknown as { cookie: unknown }).cookie)).toMatch(/^evil:/); // jsdom resolves named properties too
    return collection;
  };

  it.each<[string, (collection: unknown) => { anonymousId?: string }]>([
    ["window.__aid", (c) => (((window as { __aid?: unknown }).__aid = c), {})],
    ["the anonymousId option", (c) => ({ anonymousId: c as string })],
  ])("ignores an HTMLCollection given as %s: no attacker-shaped cookie, now or when the id changes", async (_where, give) => {
    localStorage.setItem("mm_aid", "u_returning");
    const writes: string[] = [];
    vi.spyOn(document, "cookie", "set").mockImplementation((v: string) => void writes.push(v));
    const extra = give(clobber());
    try {
      const mm = await load();
      mm.configure({ disabled: true });
      mm.init({ key: "pk_test_x", host: "http://127.0.0.1:9", autoPageView: false, flushIntervalMs: 3_600_000, ...extra });
      expect(mm.getAnonymousId()).toBe("u_returning");
      mm.setAnonymousId("u_adopted");
      mm.reset();
      expect(writes).toEqual([]); // no server payload, no cookie option: no cookie at all
    } finally {
      document.querySelectorAll("a").forEach((a) => a.remove());
    }
  });

  it("a cross-origin frame named __aid (every property read throws SecurityError) is ignored: init and pageAid() do not throw, the SDK starts", async () => {
    localStorage.setItem("mm_aid", "u_returning");
    const deny = () => {
      throw new DOMException('Blocked a frame with origin "http://localhost" from accessing a cross-origin frame.', "SecurityError");
    };
    // What a WindowProxy of another origin does (jsdom has none): typeof is "object", reads throw.
    (window as { __aid?: unknown }).__aid = new Proxy({}, { get: deny, has: deny, getPrototypeOf: deny, ownKeys: deny, getOwnPropertyDescriptor: deny });
    const mm = await load();
    mm.configure({ disabled: true });
    expect(mm.pageAid()).toBeUndefined();
    mm.init({ key: "pk_test_x", host: "http://127.0.0.1:9", autoPageView: false, flushIntervalMs: 3_600_000 });
    expect(mm.getAnonymousId()).toBe("u_returning");
    expect(mm.isOptedOut()).toBe(false);
  });

  it("a plain object payload counts only with a valid id: an invalid one names no cookie to write", async () => {
    localStorage.setItem("mm_aid", "u_returning");
    const writes: string[] = [];
    vi.spyOn(document, "cookie", "set").mockImplementation((v: string) => void writes.push(v));
    (window as { __aid?: unknown }).__aid = { id: "not valid!", minted: false, cookie: "evil=; Domain=attacker.example" };
    const mm = await load();
    mm.configure({ disabled: true });
    mm.init({ key: "pk_test_x", host: "http://127.0.0.1:9", autoPageView: false, flushIntervalMs: 3_600_000 });
    expect(mm.getAnonymousId()).toBe("u_returning");
    mm.setAnonymousId("u_adopted");
    expect(writes).toEqual([]);
  });
});
