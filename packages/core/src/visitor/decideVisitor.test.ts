import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideVisitor, privateCacheControl, isValidId, visitorPolicy, type VisitorRequest } from "../index";
import { FORWARDED_VISITOR_HEADER, forwardedVisitorValue, readForwardedVisitor } from "../internal";

type Headers = Record<string, string>;
const DOCUMENT: Headers = { accept: "text/html", "sec-fetch-dest": "document", "sec-fetch-mode": "navigate", "sec-fetch-site": "none" };
const SAME_ORIGIN_FETCH: Headers = { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" };
const CROSS_ORIGIN_FETCH: Headers = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", origin: "http://app.example" };
const request = (headers: Headers, more: Partial<VisitorRequest> = {}): VisitorRequest => ({ header: (name) => headers[name], ...more });
const ID = /^u_[0-9a-f]{32}$/;

describe("decideVisitor: the visitor contract's rows", () => {
  it("1: a browser's first document request mints, sets aid and mm_minted, forwards the id", () => {
    const d = decideVisitor(request({ ...DOCUMENT, cookie: "theme=dark" }));
    expect(d.anonymousId).toMatch(ID);
    expect(d).toMatchObject({ source: "minted", minted: true, optedOut: false });
    expect(d.setCookies).toEqual([`aid=${d.anonymousId}; Path=/; Max-Age=31536000; SameSite=Lax`, `mm_minted=${d.anonymousId}; Path=/; Max-Age=300; SameSite=Lax`]);
    expect(d.forwardedCookie).toBe(`theme=dark; aid=${d.anonymousId}`);
    expect(d.payload).toEqual({ id: d.anonymousId, minted: true });
    expect(d.context).toEqual({ anonymous_id: d.anonymousId, minted: true, opted_out: false });
  });

  it("2: a returning visitor keeps the id and gets no Set-Cookie", () => {
    const d = decideVisitor(request({ ...DOCUMENT, cookie: "aid=u_1" }));
    expect(d).toMatchObject({ anonymousId: "u_1", source: "cookie", minted: false, setCookies: [], forwardedCookie: undefined });
  });

  it.each(["<script>alert(1)</script>", "x".repeat(4096), "é", "undefined", "null", "NULL", "Undefined", "NaN", ""])("3: an invalid aid %# is replaced on a browser request, never echoed", (bad) => {
    const d = decideVisitor(request({ ...DOCUMENT, cookie: `aid=${bad}` }));
    expect(d.anonymousId).toMatch(ID);
    expect(JSON.stringify(d)).not.toContain(bad || "aid=;");
  });

  it("4: a valid id header wins for the request's events and leaves the cookie alone", () => {
    const d = decideVisitor(request({ ...SAME_ORIGIN_FETCH, "x-millimetric-anonymous-id": "u_header", cookie: "aid=u_cookie" }));
    expect(d).toMatchObject({ anonymousId: "u_header", source: "header", setCookies: [], forwardedCookie: undefined });
  });

  it.each(["undefined", "null", "Null", "UNDEFINED", "nan", "", "<b>", "a b"])("5: an id header %j counts as absent", (value) => {
    expect(decideVisitor(request({ ...SAME_ORIGIN_FETCH, "x-millimetric-anonymous-id": value, cookie: "aid=u_c" })).anonymousId).toBe("u_c");
    expect(decideVisitor(request({ "x-millimetric-anonymous-id": value })).anonymousId).toBeUndefined();
  });

  it("6: Sec-GPC: 1 means no id, no cookie, events dropped — unless the app ignores privacy signals", () => {
    const d = decideVisitor(request({ ...DOCUMENT, "sec-gpc": "1", cookie: "aid=u_1" }));
    expect(d).toMatchObject({ anonymousId: undefined, optedOut: true, setCookies: [], context: { anonymous_id: undefined, opted_out: true } });
    expect(decideVisitor(request({ ...DOCUMENT, "sec-gpc": "1", cookie: "aid=u_1" }), visitorPolicy({ ignorePrivacySignals: true })).anonymousId).toBe("u_1");
  });

  it.each(["1", "%31", '"1"'])("7: mm_optout=%s opts out whatever the privacy option", (value) => {
    for (const policy of [visitorPolicy(), visitorPolicy({ ignorePrivacySignals: true })]) {
      const d = decideVisitor(request({ ...DOCUMENT, cookie: `aid=u_1; mm_optout=${value}` }), policy);
      expect(d).toMatchObject({ anonymousId: undefined, optedOut: true, setCookies: [] });
    }
  });

  it.each([
    ["a webhook", { "content-type": "application/json", "user-agent": "Stripe/1.0" }],
    ["curl", { accept: "*/*", "user-agent": "curl/8" }],
    ["a health probe", { "user-agent": "kube-probe/1.29" }],
    ["Node's fetch (Sec-Fetch-Mode alone)", { "sec-fetch-mode": "cors", accept: "*/*" }],
  ])("8: %s with no cookie gets no id and no cookie", (_name, headers) => {
    const d = decideVisitor(request(headers));
    expect(d).toMatchObject({ anonymousId: undefined, minted: false, optedOut: false, setCookies: [], forwardedCookie: undefined });
  });

  it("8: a webhook that carries an aid cookie keeps it (the app's own call)", () => {
    expect(decideVisitor(request({ cookie: "aid=u_1" })).anonymousId).toBe("u_1");
  });

  it("9: an OPTIONS preflight is never a visitor", () => {
    const d = decideVisitor(request({ ...CROSS_ORIGIN_FETCH, "access-control-request-method": "POST" }, { method: "OPTIONS" }));
    expect(d).toMatchObject({ anonymousId: undefined, setCookies: [] });
    expect(decideVisitor(request(DOCUMENT, { method: "options" })).setCookies).toEqual([]);
  });

  it("10: a credential-less cross-origin fetch mints nothing; the header id is used when sent", () => {
    expect(decideVisitor(request(CROSS_ORIGIN_FETCH))).toMatchObject({ anonymousId: undefined, setCookies: [] });
    expect(decideVisitor(request({ ...CROSS_ORIGIN_FETCH, "sec-fetch-site": "same-site" }))).toMatchObject({ anonymousId: undefined, setCookies: [] });
    expect(decideVisitor(request({ ...CROSS_ORIGIN_FETCH, "x-millimetric-anonymous-id": "u_spa" }))).toMatchObject({ anonymousId: "u_spa", setCookies: [] });
    // The app's own visitor rule does not reopen it.
    expect(decideVisitor(request(CROSS_ORIGIN_FETCH, { isVisitor: () => true })).anonymousId).toBeUndefined();
  });

  it("10: a navigation from another site is a visitor", () => {
    expect(decideVisitor(request({ ...DOCUMENT, "sec-fetch-site": "cross-site" })).minted).toBe(true);
  });

  it("11: a credentialed cross-origin fetch keeps its aid and sets nothing", () => {
    expect(decideVisitor(request({ ...CROSS_ORIGIN_FETCH, cookie: "aid=u_1" }))).toMatchObject({ anonymousId: "u_1", setCookies: [] });
  });

  it("12: a browser's same-origin fetch as its first request mints with the cookies that keep it", () => {
    const d = decideVisitor(request(SAME_ORIGIN_FETCH));
    expect(d.minted).toBe(true);
    expect(d.setCookies[0]).toBe(`aid=${d.anonymousId}; Path=/; Max-Age=31536000; SameSite=Lax`);
  });

  it("15: https — from the framework or the forwarded proto — makes both cookies Secure", () => {
    for (const r of [request(DOCUMENT, { https: true }), request({ ...DOCUMENT, "x-forwarded-proto": "https" }), request(DOCUMENT, { url: "https://a.example/" })]) {
      const d = decideVisitor(r);
      expect(d.setCookies).toHaveLength(2);
      for (const c of d.setCookies) expect(c).toMatch(/; Secure$/);
    }
    expect(decideVisitor(request({ ...DOCUMENT, "x-forwarded-proto": "https" }, { https: false })).setCookies[0]).not.toMatch(/Secure/);
  });

  it("16: 1 000 aid cookies and a 16 KB header: the first valid one, rewritten alone", () => {
    const cookie = Array.from({ length: 1000 }, (_, i) => (i === 500 ? "aid=u_good" : "aid=<bad>")).join("; ") + "; pad=" + "x".repeat(16_000);
    const d = decideVisitor(request({ ...DOCUMENT, cookie }));
    expect(d.anonymousId).toBe("u_good");
    expect(d.setCookies).toEqual(["aid=u_good; Path=/; Max-Age=31536000; SameSite=Lax"]);
    expect(d.forwardedCookie).not.toContain("<bad>");
  });

  it.each([
    [{ name: "a;b" }, "cookie.name"],
    [{ name: "a=b" }, "cookie.name"],
    [{ name: "" }, "cookie.name"],
    [{ path: "/x; Domain=evil.example" }, "cookie.path"],
    [{ path: "/x\r\nSet-Cookie: y=1" }, "cookie.path"],
    [{ domain: "example.com; Secure" }, "cookie.domain"],
    [{ domain: "exa\nmple.com" }, "cookie.domain"],
    [{ sameSite: "Lax; Domain=x" }, "cookie.sameSite"],
    [{ maxAge: -1 }, "cookie.maxAge"],
    [{ maxAge: 1.5 }, "cookie.maxAge"],
  ])("17: cookie option %j is refused when the policy is made, naming %s", (cookie, option) => {
    expect(() => visitorPolicy({ cookie: cookie as never })).toThrow(expect.objectContaining({ code: "invalid_config", message: expect.stringContaining(option) }));
  });

  it("an app's visitor rule replaces the browser signal, and one that throws costs the id, not the request", () => {
    expect(decideVisitor(request({ "user-agent": "curl" }, { isVisitor: () => true })).minted).toBe(true);
    expect(decideVisitor(request(DOCUMENT, { isVisitor: () => false })).anonymousId).toBeUndefined();
    expect(
      decideVisitor(
        request(DOCUMENT, {
          isVisitor: () => {
            throw new Error("boom");
          },
        }),
      ).anonymousId,
    ).toBeUndefined();
  });

  it("a renamed cookie is read, written and told to the browser under its name", () => {
    const policy = visitorPolicy({ cookie: { name: "mm_aid", domain: "example.com" } });
    const d = decideVisitor(request({ ...DOCUMENT, cookie: "aid=u_other" }), policy);
    expect(d.minted).toBe(true);
    expect(d.setCookies[0]).toMatch(/^mm_aid=u_[0-9a-f]{32}; Path=\/; Max-Age=31536000; SameSite=Lax; Domain=example.com$/);
    expect(d.forwardedCookie).toBe(`aid=u_other; mm_aid=${d.anonymousId}`);
    expect(d.payload?.cookie).toBe("mm_aid=; Path=/; Max-Age=31536000; SameSite=Lax; Domain=example.com");
    expect(decideVisitor(request({ cookie: "mm_aid=u_1" }), policy).anonymousId).toBe("u_1");
  });
});

describe("privateCacheControl: row 18, a minting response no shared cache may store", () => {
  it.each([
    ["public, max-age=300", "private, max-age=300"],
    ["s-maxage=31536000, stale-while-revalidate=31535700", "private, stale-while-revalidate=31535700"],
    ["max-age=0, must-revalidate, proxy-revalidate", "private, max-age=0, must-revalidate"],
    [null, "private"],
    ["", "private"],
    ["no-store", "no-store"],
    ["private, max-age=60", "private, max-age=60"],
    ["PUBLIC, S-MAXAGE=1", "private"],
  ])("%j → %j", (input, output) => {
    expect(privateCacheControl(input)).toBe(output);
  });
});

describe("readForwardedVisitor: server code reads the proxy's decision", () => {
  it("reads back every decision the proxy forwards", () => {
    for (const headers of <Headers[]>[{ ...DOCUMENT }, { ...DOCUMENT, cookie: "aid=u_1" }, { ...DOCUMENT, "sec-gpc": "1" }, { "user-agent": "Stripe" }]) {
      const d = decideVisitor(request(headers));
      const read = readForwardedVisitor(request({ [FORWARDED_VISITOR_HEADER]: forwardedVisitorValue(d) }));
      expect(read).toEqual({ anonymousId: d.anonymousId, minted: d.minted, optedOut: d.optedOut, forwarded: true, missedVisitor: false });
    }
  });

  it("without a forwarded decision: consent and a carried id still count, nothing is minted, a missed visitor is told", () => {
    expect(readForwardedVisitor(request({ ...DOCUMENT, cookie: "aid=u_1" }))).toMatchObject({ anonymousId: "u_1", forwarded: false, missedVisitor: false });
    expect(readForwardedVisitor(request({ ...DOCUMENT, cookie: "aid=u_1; mm_optout=1" }))).toMatchObject({ anonymousId: undefined, optedOut: true, missedVisitor: false });
    expect(readForwardedVisitor(request(DOCUMENT))).toMatchObject({ anonymousId: undefined, missedVisitor: true });
    expect(readForwardedVisitor(request({ "user-agent": "Stripe" }))).toMatchObject({ anonymousId: undefined, missedVisitor: false });
  });

  it("a forged invalid forwarded value counts as absent", () => {
    expect(readForwardedVisitor(request({ [FORWARDED_VISITOR_HEADER]: "<script>;minted", cookie: "aid=u_1" }))).toMatchObject({ anonymousId: "u_1", forwarded: false });
  });
});

// Sized for a loaded 2-core CI box; nothing asserts on time.
const RUNS = { numRuns: 2000 };
const hostile = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom("</script>", "undefined", "null", "", "u_1", "u_2", "%31", '"1"', "1", "\r\n", "a;b=c", "x".repeat(5000)),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/),
);
const cookieHeader = fc.array(fc.tuple(fc.constantFrom("aid", "mm_optout", "mm_minted", "theme", " aid", "aid "), hostile), { maxLength: 8 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("; "));
const hostileRequest = fc.record(
  {
    cookie: cookieHeader,
    "x-millimetric-anonymous-id": hostile,
    "sec-gpc": fc.constantFrom("1", "0", " 1 ", "", "true"),
    "sec-fetch-site": fc.constantFrom("none", "same-origin", "same-site", "cross-site", "", "<x>"),
    "sec-fetch-mode": fc.constantFrom("navigate", "cors", "no-cors", "same-origin", ""),
    accept: fc.constantFrom("text/html", "*/*", "application/json", ""),
    "x-forwarded-proto": fc.constantFrom("https", "http", "https, http", ""),
  },
  { requiredKeys: [] },
);
const method = fc.constantFrom(undefined, "GET", "POST", "OPTIONS", "options", "HEAD");

describe("decideVisitor over hostile requests (property-based)", { timeout: 120_000 }, () => {
  it("never throws, and every id it hands out, sets or forwards is valid and its own", () => {
    fc.assert(
      fc.property(hostileRequest, method, fc.boolean(), (headers, m, ignore) => {
        const d = decideVisitor(request(headers, { method: m }), visitorPolicy({ ignorePrivacySignals: ignore }));
        if (d.anonymousId !== undefined) expect(d.anonymousId).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
        for (const c of d.setCookies) expect(c).toMatch(/^(aid|mm_minted)=[A-Za-z0-9_-]{1,128}; Path=\/; Max-Age=\d+; SameSite=Lax(; Secure)?$/);
        if (d.setCookies.length) expect(d.setCookies[0]).toContain(`aid=${d.anonymousId};`);
        if (d.forwardedCookie !== undefined) expect(d.forwardedCookie.endsWith(`aid=${d.anonymousId}`)).toBe(true);
        expect(d.context).toEqual({ anonymous_id: d.anonymousId, minted: d.minted, opted_out: d.optedOut });
        expect(d.payload?.id).toBe(d.anonymousId);
      }),
      RUNS,
    );
  });

  it("consent wins over everything: an opted-out request has no id, no cookie", () => {
    fc.assert(
      fc.property(hostileRequest, method, (headers, m) => {
        const d = decideVisitor(request({ ...headers, cookie: `${headers.cookie ?? ""}; mm_optout=1` }, { method: m }));
        expect(d).toMatchObject({ anonymousId: undefined, optedOut: true, setCookies: [], forwardedCookie: undefined });
      }),
      RUNS,
    );
  });

  it("no invented visitors: without a valid id, only a browser's same-site request or navigation is minted, never a preflight", () => {
    fc.assert(
      fc.property(hostileRequest, method, (headers, m) => {
        const plain = { ...headers, cookie: undefined, "x-millimetric-anonymous-id": undefined } as unknown as Headers;
        const d = decideVisitor(request(plain, { method: m }));
        if (!d.minted) return;
        expect(m?.toUpperCase()).not.toBe("OPTIONS");
        const site = plain["sec-fetch-site"];
        if (site === "cross-site" || site === "same-site") expect(plain["sec-fetch-mode"]).toBe("navigate");
        expect(!!(site || /text\/html/.test(plain.accept ?? ""))).toBe(true);
        expect(d.setCookies).toHaveLength(2);
      }),
      RUNS,
    );
  });

  it("a valid carried id is never replaced: header first, then the first valid cookie", () => {
    fc.assert(
      fc.property(hostileRequest, (headers) => {
        const d = decideVisitor(request({ ...headers, "sec-gpc": "0", cookie: (headers.cookie ?? "").replace(/mm_optout/g, "x") }));
        const header = headers["x-millimetric-anonymous-id"];
        if (isValidId(header)) expect(d).toMatchObject({ anonymousId: header, setCookies: [] });
      }),
      RUNS,
    );
  });
});
