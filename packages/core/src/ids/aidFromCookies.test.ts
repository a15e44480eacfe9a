// The cookie channel (aid + the mm_minted companion) must carry the same two facts as a
// window.__aid payload, so a page without a script reconciles exactly like one with it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aidFromCookies, AID_MINTED_COOKIE, isBrowserRequest, reconcileAnonymousId, serializeAidCookie, serializeAidMintedCookie } from "../index";
import { keyKind } from "../internal";

const validId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const anyStored = fc.oneof(fc.constant(undefined), validId, fc.constantFrom("", "</script>", "a b"));
// Other cookies of the page, in any order around ours.
const noise = fc.array(fc.tuple(fc.constantFrom("theme", "session", "_ga", "aidx", "xaid"), fc.stringMatching(/^[\w-]{0,12}$/)), { maxLength: 4 });

/** The Cookie header a browser sends (and document.cookie shows) after a server's Set-Cookie. */
function jar(setCookies: string[], other: Array<[string, string]>): string {
  const ours = setCookies.map((c) => c.split(";")[0]!);
  return [...other.map(([k, v]) => `${k}=${v}`), ...ours].join("; ");
}

describe("aidFromCookies", () => {
  it("gives reconcileAnonymousId the same answer as the window.__aid payload the server would have rendered", () => {
    fc.assert(
      fc.property(validId, fc.boolean(), anyStored, noise, fc.option(validId, { nil: undefined }), (id, minted, stored, other, staleMinted) => {
        const set = [serializeAidCookie(id)];
        if (minted) set.push(serializeAidMintedCookie(id));
        // A companion left from an earlier mint of another id says nothing about this one.
        else if (staleMinted !== undefined && staleMinted !== id) set.push(serializeAidMintedCookie(staleMinted));
        const fromCookies = aidFromCookies(jar(set, other));
        expect(fromCookies).toEqual({ id, minted });
        expect(reconcileAnonymousId(stored, fromCookies)).toEqual(reconcileAnonymousId(stored, { id, minted }));
      }),
      { numRuns: 300 },
    );
  });

  it("takes the first valid aid cookie, and nothing from an invalid one", () => {
    expect(aidFromCookies("aid=</script>; aid=u_ok")).toEqual({ id: "u_ok", minted: false });
    expect(aidFromCookies("aid=%3Cb%3E")).toBeUndefined();
    expect(aidFromCookies("mm_minted=u_1")).toBeUndefined();
    expect(aidFromCookies(undefined)).toBeUndefined();
    expect(aidFromCookies("site_aid=u_2; mm_minted=u_2", "site_aid")).toEqual({ id: "u_2", minted: true });
  });

  it("the companion has the aid cookie's path, domain, SameSite and Secure, and lives five minutes", () => {
    expect(AID_MINTED_COOKIE).toEqual({ name: "mm_minted", maxAge: 300 });
    expect(serializeAidMintedCookie("u_1")).toBe("mm_minted=u_1; Path=/; Max-Age=300; SameSite=Lax");
    expect(serializeAidMintedCookie("u_1", { path: "/app", domain: "example.com", sameSite: "Strict", secure: true, maxAge: 9 })).toBe(
      "mm_minted=u_1; Path=/app; Max-Age=300; SameSite=Strict; Domain=example.com; Secure",
    );
  });
});

describe("isBrowserRequest (no invented visitors)", () => {
  const of = (headers: Record<string, string>) => isBrowserRequest((name) => headers[name]);
  it("a browser: Sec-Fetch-Site, Sec-Fetch-Dest, or text/html in Accept", () => {
    expect(of({ "sec-fetch-site": "none" })).toBe(true);
    expect(of({ "sec-fetch-dest": "document" })).toBe(true);
    expect(of({ accept: "text/html,application/xhtml+xml;q=0.9" })).toBe(true);
  });
  it("not a browser: a webhook, a health check, Node's fetch (Sec-Fetch-Mode only)", () => {
    expect(of({ "content-type": "application/json", "stripe-signature": "t=1" })).toBe(false);
    expect(of({ accept: "*/*", "sec-fetch-mode": "cors", "user-agent": "node" })).toBe(false);
    expect(of({})).toBe(false);
  });
});

describe("keyKind", () => {
  it("names the four kinds and nothing else", () => {
    expect(["pk_live_a", "sk_test_b", "rk_live_c", "ak_live_d", "xk_e", "", "pk", undefined, 5].map(keyKind)).toEqual([
      "pk", "sk", "rk", "ak", undefined, undefined, undefined, undefined, undefined,
    ]);
  });
});
