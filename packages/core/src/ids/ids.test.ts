import { describe, expect, it } from "vitest";
import { AID_COOKIE, aidScriptContent, getCookieValues, isValidId, mintId, reconcileAnonymousId, renderAidScript, serializeAidCookie, serializeForScript } from "../index";
import { pooledRandomHex, resolveAnonymousId } from "../internal";

describe("ids", () => {
  it("mints u_ + 32 hex, distinct each time", () => {
    const ids = new Set([...Array.from({ length: 1000 }, () => mintId()), ...Array.from({ length: 1000 }, () => mintId(pooledRandomHex))]);
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^u_[0-9a-f]{32}$/);
  });
  it("accepts only ^[A-Za-z0-9_-]{1,128}$", () => {
    expect(isValidId("u_8f3c1a")).toBe(true);
    expect(isValidId("A-z_0".repeat(25) + "abc")).toBe(true);
    for (const v of ["", "a".repeat(129), "a b", "a;b", "</script>", "é", "a\n", 5, null, undefined, {}]) {
      expect(isValidId(v)).toBe(false);
    }
  });
});

describe("the aid cookie contract", () => {
  it("serialises with the documented defaults and overrides", () => {
    expect(AID_COOKIE).toEqual({ name: "aid", path: "/", maxAge: 31536000, sameSite: "Lax" });
    expect(serializeAidCookie("u_1")).toBe("aid=u_1; Path=/; Max-Age=31536000; SameSite=Lax");
    expect(serializeAidCookie("u_1", { secure: true })).toBe("aid=u_1; Path=/; Max-Age=31536000; SameSite=Lax; Secure");
    expect(serializeAidCookie("u_1", { name: "vid", maxAge: 60, sameSite: "None", domain: "example.com" })).toBe(
      "vid=u_1; Path=/; Max-Age=60; SameSite=None; Domain=example.com; Secure",
    );
    expect(serializeAidCookie("u_1")).not.toMatch(/HttpOnly/i);
  });

  it("parses raw Cookie headers without throwing", () => {
    expect(getCookieValues("theme=dark; aid=u_1", "aid")).toEqual(["u_1"]);
    expect(getCookieValues("aid=u_1;aid=u_2", "aid")).toEqual(["u_1", "u_2"]);
    expect(getCookieValues('aid="u_1"', "aid")).toEqual(["u_1"]);
    expect(getCookieValues("xaid=1; aidx=2; aid = u_3 ", "aid")).toEqual(["u_3"]);
    expect(getCookieValues("aid=%3Cscript%3E", "aid")).toEqual(["<script>"]);
    expect(getCookieValues("aid=%E0%A4%A", "aid")).toEqual(["%E0%A4%A"]);
    expect(getCookieValues("aid=", "aid")).toEqual([""]);
    expect(getCookieValues("garbage;;;=;aid", "aid")).toEqual([]);
    expect(getCookieValues(undefined, "aid")).toEqual([]);
  });

  it("resolves with precedence explicit > header > cookie > minted, discarding invalid values", () => {
    expect(resolveAnonymousId({ explicit: "u_e", header: "u_h", cookieHeader: "aid=u_c" })).toMatchObject({ id: "u_e", source: "explicit", setCookie: true });
    expect(resolveAnonymousId({ header: "u_h", cookieHeader: "aid=u_c" })).toMatchObject({ id: "u_h", source: "header", setCookie: true });
    expect(resolveAnonymousId({ header: "bad value", cookieHeader: "aid=u_c" })).toEqual({ id: "u_c", minted: false, source: "cookie", setCookie: false });
    const minted = resolveAnonymousId({ cookieHeader: "aid=</script><script>alert(1)</script>" });
    expect(minted).toMatchObject({ minted: true, source: "minted", setCookie: true });
    expect(minted.id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(resolveAnonymousId({ cookieHeader: "vid=u_v; aid=u_a", cookieName: "vid" }).id).toBe("u_v");
  });

  it("keeps the first valid of duplicate cookies and rewrites the cookie", () => {
    expect(resolveAnonymousId({ cookieHeader: "aid=u_1; aid=u_2" })).toMatchObject({ id: "u_1", source: "cookie", setCookie: true });
    expect(resolveAnonymousId({ cookieHeader: "aid=<x>; aid=u_2" })).toMatchObject({ id: "u_2", setCookie: true });
    expect(resolveAnonymousId({ cookieHeader: "aid=" })).toMatchObject({ source: "minted", setCookie: true });
  });
});

describe("script-safe serialisation", () => {
  it("escapes everything that can break out of a script", () => {
    const s = serializeForScript({ a: "</script><!--<script>&\u2028\u2029" });
    expect(s).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(s)).toEqual({ a: "</script><!--<script>&\u2028\u2029" });
    expect(serializeForScript(undefined)).toBe("null");
  });

  it("renders window.__aid only for valid ids, with an escaped nonce", () => {
    expect(aidScriptContent({ id: "u_1", minted: true })).toBe('window.__aid={"id":"u_1","minted":true};');
    expect(aidScriptContent({ id: "</script>", minted: true })).toBe("");
    expect(renderAidScript({ id: "u_1", minted: false }, { nonce: 'n"><script>' })).toBe(
      '<script nonce="n&#34;&#62;&#60;script&#62;">window.__aid={"id":"u_1","minted":false};</script>',
    );
    expect(renderAidScript({ id: "a b", minted: false })).toBe("");
  });
});

describe("browser reconciliation", () => {
  it("an existing-cookie server id wins over localStorage", () => {
    expect(reconcileAnonymousId("u_local", { id: "u_server", minted: false })).toEqual({ id: "u_server", writeCookie: false });
    expect(reconcileAnonymousId("u_local", "u_server")).toEqual({ id: "u_server", writeCookie: false });
  });
  it("a freshly minted server id loses to a stored id, which is written back", () => {
    expect(reconcileAnonymousId("u_local", { id: "u_server", minted: true })).toEqual({ id: "u_local", writeCookie: true });
    expect(reconcileAnonymousId(null, { id: "u_server", minted: true })).toEqual({ id: "u_server", writeCookie: false });
    expect(reconcileAnonymousId("u_same", { id: "u_same", minted: true })).toEqual({ id: "u_same", writeCookie: false });
  });
  it("ignores invalid values on either side", () => {
    expect(reconcileAnonymousId("<bad>", { id: "u_s", minted: true })).toEqual({ id: "u_s", writeCookie: false });
    expect(reconcileAnonymousId("u_l", { id: "<bad>", minted: false })).toEqual({ id: "u_l", writeCookie: false });
    expect(reconcileAnonymousId(undefined, undefined)).toEqual({ id: undefined, writeCookie: false });
  });
});

describe("replaceCookie", () => {
  it("replaces every pair of that name and keeps the rest in order", async () => {
    const { replaceCookie } = await import("../internal");
    expect(replaceCookie("theme=dark; aid=<bad>; x=1; aid=u_2", "aid", "u_1")).toBe("theme=dark; x=1; aid=u_1");
    expect(replaceCookie(undefined, "aid", "u_1")).toBe("aid=u_1");
    expect(replaceCookie(";;aidx=1;aid", "aid", "u_1")).toBe("aidx=1; aid=u_1");
  });
});

describe("MillimetricError", () => {
  it("instanceof holds across copies of the class (SDKs bundle core)", async () => {
    const { MillimetricError } = await import("../index");
    const foreign = new (class extends Error {})("x") as Error & Record<symbol, boolean>;
    foreign[Symbol.for("millimetric.error")] = true;
    expect(foreign instanceof MillimetricError).toBe(true);
    expect(new Error("x") instanceof MillimetricError).toBe(false);
    expect(new MillimetricError("invalid_key", "x")).toMatchObject({ code: "invalid_key", message: "[millimetric] x" });
  });
});

describe("window.__aid carries how the server sets its cookie", () => {
  it("only when it is not the default, as a template the browser writes the id into", async () => {
    const { aidScriptContent, aidCookieTemplate, AID_COOKIE_TEMPLATE, serializeAidCookie } = await import("../index");
    // The default the browser knows is the contract's own serialisation with no value.
    expect(AID_COOKIE_TEMPLATE).toBe(serializeAidCookie(""));
    expect(aidCookieTemplate()).toBeUndefined();
    expect(aidCookieTemplate({ secure: true, name: "aid" })).toBeUndefined(); // Secure is the browser's to add
    const template = aidCookieTemplate({ name: "vid", domain: "example.com", path: "/app", maxAge: 60, sameSite: "Strict" });
    expect(template).toBe("vid=; Path=/app; Max-Age=60; SameSite=Strict; Domain=example.com");
    expect(aidScriptContent({ id: "u_1", minted: true, cookie: template })).toBe(
      'window.__aid={"id":"u_1","minted":true,"cookie":"vid=; Path=/app; Max-Age=60; SameSite=Strict; Domain=example.com"};',
    );
    expect(aidScriptContent({ id: "u_1", minted: true, cookie: AID_COOKIE_TEMPLATE })).toBe('window.__aid={"id":"u_1","minted":true};');
  });

  it("drops a template the browser could not write safely", async () => {
    const { aidScriptContent } = await import("../index");
    for (const cookie of ["vid", "=; Path=/", "a b=; Path=/", "aid=; Path=/\nSet-Cookie: x=1", "aid=x; Path=/", 42]) {
      expect(aidScriptContent({ id: "u_1", minted: true, cookie: cookie as string })).toBe('window.__aid={"id":"u_1","minted":true};');
    }
    // Whatever gets through is escaped for the inline script like everything else.
    expect(aidScriptContent({ id: "u_1", minted: false, cookie: "aid=; Path=/</script>" })).toBe(
      'window.__aid={"id":"u_1","minted":false,"cookie":"aid=; Path=/\\u003c/script\\u003e"};',
    );
  });
});
