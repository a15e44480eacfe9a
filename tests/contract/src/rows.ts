// The 20 rows of the visitor contract (shared/spec/visitor-contract.md) as data: what to
// send, and one expectation over what was observed. src/contract.test.ts runs every row
// against every column (src/columns.ts).
import { expect } from "vitest";
import {
  ID,
  describe,
  idsOf,
  setCookieValue,
  visitorCookies,
  type BrowserObserved,
  type ConcurrencyObserved,
  type CreateObserved,
  type HttpObserved,
  type LateObserved,
  type RowRequest,
} from "./observed";

/** A browser document request (the spec's wording), as Chromium sends it. */
export const DOCUMENT: Record<string, string> = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "sec-fetch-dest": "document",
  "sec-fetch-mode": "navigate",
  "sec-fetch-site": "none",
  "sec-fetch-user": "?1",
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
};
/** A same-origin fetch. */
export const SAME_ORIGIN_FETCH: Record<string, string> = {
  accept: "*/*",
  "content-type": "application/json",
  "sec-fetch-site": "same-origin",
  "sec-fetch-mode": "cors",
  "sec-fetch-dest": "empty",
  "user-agent": DOCUMENT["user-agent"]!,
};
/** A fetch from a page on another site. */
export const CROSS_ORIGIN_FETCH: Record<string, string> = {
  ...SAME_ORIGIN_FETCH,
  "sec-fetch-site": "cross-site",
  origin: "http://app.other.example",
};

/** One request of a row and what this variant of the row expects besides the row's rule. */
export interface Variant {
  name: string;
  request: RowRequest;
  /** Strings of the hostile input that must appear nowhere in the answer or the events. */
  needles?: string[];
  /** The id the request's events must carry (`null`: none); rows 4, 5, 10, 11. */
  id?: string | null;
  /** The first valid id of a hostile Cookie header (row 16); absent: one is minted. */
  firstValid?: string;
  /** The user id the app passes (row 8). */
  userId?: string;
}

interface RowBase {
  id: number;
  /** The spec's "request" column. */
  request: string;
  /** The spec's "expected" column. */
  expected: string;
}
export interface HttpRow extends RowBase {
  kind: "http";
  variants: Variant[];
  expect(o: HttpObserved, v: Variant): void;
}
export interface BrowserRow extends RowBase {
  kind: "browser";
  /** `static`: a first visit lands on a page with no script; `cleared`: the same after the cookies were cleared, localStorage kept. */
  scenario: "static" | "cleared";
  expect(o: BrowserObserved): void;
}
export interface CreateRow extends RowBase {
  kind: "create";
  variants: { name: string; option: string; cookie: Record<string, unknown> }[];
  expect(o: CreateObserved): void;
}
export interface LateRow extends RowBase {
  kind: "late";
  expect(o: LateObserved): void;
}
export interface ConcurrencyRow extends RowBase {
  kind: "concurrency";
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
  expect(o: ConcurrencyObserved): void;
}
export type Row = HttpRow | BrowserRow | CreateRow | LateRow | ConcurrencyRow;

// ----- shared pieces of expectations --------------------------------------------------

function noVisitorCookie(o: HttpObserved): void {
  expect(visitorCookies(o.setCookies), `no aid/mm_minted Set-Cookie expected\n${describe(o)}`).toEqual([]);
}

function eventsCarry(o: HttpObserved, id: string | undefined): void {
  expect(o.events.length, `the request's server events must reach the ingest\n${describe(o)}`).toBeGreaterThan(0);
  expect(idsOf(o.events), `every server event of the request carries ${id ?? "no anonymous_id"}\n${describe(o)}`).toEqual(o.events.map(() => id));
}

function noEvent(o: HttpObserved): void {
  expect(o.events.map((e) => ({ event: e.event, anonymous_id: e.anonymous_id })), `no server event expected\n${describe(o)}`).toEqual([]);
}

/** The response minted: `aid` set to a fresh id (and `mm_minted` to the same), returned. */
function mintedId(o: HttpObserved): string {
  const aid = setCookieValue(o.setCookies, "aid");
  expect(aid, `Set-Cookie: aid=u_… expected\n${describe(o)}`).toMatch(ID);
  return aid!;
}

function neverEchoed(o: HttpObserved, needles: string[] | undefined): void {
  const headers = JSON.stringify(o.headers);
  const events = JSON.stringify(o.received);
  for (const needle of needles ?? []) {
    const short = JSON.stringify(needle.length > 40 ? needle.slice(0, 40) + "…" : needle);
    expect(o.body.includes(needle), `${short} echoed in the HTML`).toBe(false);
    expect(headers.includes(needle) || headers.includes(JSON.stringify(needle).slice(1, -1)), `${short} echoed in the headers`).toBe(false);
    expect(events.includes(needle) || events.includes(JSON.stringify(needle).slice(1, -1)), `${short} echoed in the events`).toBe(false);
  }
}

/** Cache-Control directives that keep a shared cache from storing or replaying a Set-Cookie. */
function cacheKeepsCookiePrivate(cacheControl: string): boolean {
  const directives = cacheControl
    .toLowerCase()
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((d) => d.trim());
  return directives.some(
    (d) =>
      d === "no-store" ||
      d === "private" ||
      (/^private=/.test(d) && /set-cookie/.test(d)) ||
      (/^no-cache=/.test(d) && /set-cookie/.test(d)),
  );
}

const XSS = "<script>alert(1)</script>";
const NON_ASCII = "ünïcødé";
const FOUR_KB = "x".repeat(4096);

// ----- the table ------------------------------------------------------------------------

export const rows: Row[] = [
  {
    id: 1,
    kind: "http",
    request: "browser document request, no cookie",
    expected: "mint u_…; Set-Cookie: aid and mm_minted (same id); server events in this request carry it; the page can learn it without an inline script",
    variants: [{ name: "GET page", request: { route: "page", headers: DOCUMENT } }],
    expect(o) {
      const id = mintedId(o);
      // mm_minted is how a page with no inline script learns both facts.
      expect(setCookieValue(o.setCookies, "mm_minted"), `Set-Cookie: mm_minted=${id} expected\n${describe(o)}`).toBe(id);
      eventsCarry(o, id);
    },
  },
  {
    id: 2,
    kind: "http",
    request: "same, returning (aid valid)",
    expected: "same id; no Set-Cookie",
    variants: [{ name: "GET page with aid", request: { route: "page", headers: DOCUMENT, cookie: "aid=u_returning_visitor_02" } }],
    expect(o) {
      noVisitorCookie(o);
      eventsCarry(o, "u_returning_visitor_02");
    },
  },
  {
    id: 3,
    kind: "http",
    request: "aid invalid (XSS, 4 KB, non-ASCII, undefined, null)",
    expected: "replaced by a minted id on a browser request; the bad value never appears in HTML, headers or events",
    variants: [
      { name: "XSS", request: { route: "page", headers: DOCUMENT, cookie: `aid=${XSS}` }, needles: [XSS, "alert(1)"] },
      { name: "4 KB", request: { route: "page", headers: DOCUMENT, cookie: `aid=${FOUR_KB}` }, needles: ["x".repeat(64)] },
      // Sent as Latin-1 bytes (what node:http writes), so the server sees them as such.
      { name: "non-ASCII", request: { route: "page", headers: DOCUMENT, cookie: `aid=${NON_ASCII}` }, needles: [NON_ASCII] },
      { name: "undefined", request: { route: "page", headers: DOCUMENT, cookie: "aid=undefined" } },
      { name: "null", request: { route: "page", headers: DOCUMENT, cookie: "aid=null" } },
    ],
    expect(o, v) {
      const id = mintedId(o);
      eventsCarry(o, id);
      neverEchoed(o, v.needles);
    },
  },
  {
    id: 4,
    kind: "http",
    request: "x-millimetric-anonymous-id valid + aid different",
    expected: "header wins for this request's events; cookie untouched",
    variants: [
      {
        name: "same-origin fetch",
        request: { route: "api", headers: { ...SAME_ORIGIN_FETCH, "x-millimetric-anonymous-id": "u_header_id_04" }, cookie: "aid=u_cookie_id_04" },
      },
    ],
    expect(o) {
      noVisitorCookie(o);
      eventsCarry(o, "u_header_id_04");
    },
  },
  {
    id: 5,
    kind: "http",
    request: "header undefined / null / empty / invalid",
    expected: "ignored as if absent",
    variants: ["undefined", "null", "", "<b>x</b>"].map((value) => ({
      name: JSON.stringify(value),
      request: { route: "api" as const, headers: { ...SAME_ORIGIN_FETCH, "x-millimetric-anonymous-id": value }, cookie: "aid=u_cookie_id_05" },
    })),
    expect(o) {
      // As if absent: the valid cookie's id, and nothing to rewrite.
      noVisitorCookie(o);
      eventsCarry(o, "u_cookie_id_05");
    },
  },
  {
    id: 6,
    kind: "http",
    request: "Sec-GPC: 1",
    expected: "no id, no cookie, no server event (unless the app ignores privacy signals)",
    variants: [
      { name: "document, aid cookie", request: { route: "page", headers: { ...DOCUMENT, "sec-gpc": "1" }, cookie: "aid=u_gpc_visitor_06" }, needles: ["u_gpc_visitor_06"] },
      { name: "document, no cookie", request: { route: "page", headers: { ...DOCUMENT, "sec-gpc": "1" } } },
      { name: "same-origin fetch, aid cookie", request: { route: "api", headers: { ...SAME_ORIGIN_FETCH, "sec-gpc": "1" }, cookie: "aid=u_gpc_visitor_06" } },
    ],
    expect(o, v) {
      noVisitorCookie(o);
      noEvent(o);
      expect(o.body.includes("__aid"), "no window.__aid in the page").toBe(false);
      neverEchoed(o, v.needles);
    },
  },
  {
    id: 7,
    kind: "http",
    request: 'cookie mm_optout=1 (also %31, "1")',
    expected: "no id, no cookie, no server event, whatever the app's privacy option",
    variants: [
      ...["1", "%31", '"1"'].map((value) => ({
        name: `document, mm_optout=${value}`,
        request: { route: "page" as const, headers: DOCUMENT, cookie: `aid=u_optout_visitor_07; mm_optout=${value}` },
        needles: ["u_optout_visitor_07"],
      })),
      { name: "same-origin fetch, mm_optout=1", request: { route: "api", headers: SAME_ORIGIN_FETCH, cookie: "mm_optout=1; aid=u_optout_visitor_07" } },
      { name: "document, mm_optout=1, no aid", request: { route: "page", headers: DOCUMENT, cookie: "mm_optout=1" } },
    ],
    expect(o, v) {
      noVisitorCookie(o);
      noEvent(o);
      expect(o.body.includes("__aid"), "no window.__aid in the page").toBe(false);
      neverEchoed(o, v.needles);
    },
  },
  {
    id: 8,
    kind: "http",
    request: "no browser signal (webhook, curl, health check, cron), no cookie",
    expected: "no id minted, no Set-Cookie; events carry only ids the app passes",
    variants: [
      {
        name: "webhook",
        request: { route: "webhook", headers: { "content-type": "application/json", "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)", accept: "*/*; q=0.5, application/xml" } },
        userId: "user_webhook",
      },
      { name: "curl GET page", request: { route: "page", headers: { accept: "*/*", "user-agent": "curl/8.5.0" } } },
      { name: "health check", request: { route: "health", headers: { "user-agent": "kube-probe/1.29" } } },
      { name: "cron (Node fetch)", request: { route: "health", headers: { accept: "*/*", "sec-fetch-mode": "cors", "user-agent": "node" } } },
    ],
    expect(o, v) {
      noVisitorCookie(o);
      expect(o.events.length, `the app's event must reach the ingest\n${describe(o)}`).toBeGreaterThan(0);
      expect(
        o.events.map((e) => ({ anonymous_id: e.anonymous_id ?? undefined, user_id: e.user_id ?? undefined })),
        `events carry only the ids the app passes\n${describe(o)}`,
      ).toEqual(o.events.map(() => ({ anonymous_id: undefined, user_id: v.userId })));
    },
  },
  {
    id: 9,
    kind: "http",
    request: "OPTIONS preflight",
    expected: "no id, no Set-Cookie, no event",
    variants: [
      {
        name: "cross-site preflight",
        request: {
          route: "api",
          method: "OPTIONS",
          headers: {
            accept: "*/*",
            origin: "http://app.other.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type,x-millimetric-anonymous-id",
            "sec-fetch-site": "cross-site",
            "sec-fetch-mode": "cors",
            "sec-fetch-dest": "empty",
          },
        },
      },
      {
        name: "same-site preflight, document Accept",
        request: {
          route: "api",
          method: "OPTIONS",
          headers: {
            accept: "text/html",
            origin: "http://www.localhost.example",
            "access-control-request-method": "POST",
            "sec-fetch-site": "same-site",
            "sec-fetch-mode": "cors",
            "sec-fetch-dest": "empty",
          },
        },
      },
    ],
    expect(o) {
      expect(o.status, `the preflight is answered\n${describe(o)}`).toBeLessThan(500);
      noVisitorCookie(o);
      noEvent(o);
    },
  },
  {
    id: 10,
    kind: "http",
    request: "cross-origin fetch with no cookie (credential-less CORS)",
    expected: "no mint per call; events carry the header id if sent, else none",
    variants: [
      { name: "no id header", request: { route: "api", headers: CROSS_ORIGIN_FETCH }, id: null },
      { name: "id header", request: { route: "api", headers: { ...CROSS_ORIGIN_FETCH, "x-millimetric-anonymous-id": "u_spa_id_10" } }, id: "u_spa_id_10" },
    ],
    expect(o, v) {
      noVisitorCookie(o);
      eventsCarry(o, v.id ?? undefined);
    },
  },
  {
    id: 11,
    kind: "http",
    request: "cross-origin fetch with aid (credentials)",
    expected: "that id; no Set-Cookie",
    variants: [{ name: "credentialed fetch", request: { route: "api", headers: CROSS_ORIGIN_FETCH, cookie: "aid=u_credentialed_11" } }],
    expect(o) {
      noVisitorCookie(o);
      eventsCarry(o, "u_credentialed_11");
    },
  },
  {
    id: 12,
    kind: "http",
    request: "first request is not a page (route handler, resource route, API) from a browser",
    expected: "either the response sets the cookie the events used, or the events carry no id — never an orphan id",
    variants: [
      { name: "POST api (fetch)", request: { route: "api", headers: SAME_ORIGIN_FETCH } },
      { name: "POST api (same-origin mode)", request: { route: "api", headers: { ...SAME_ORIGIN_FETCH, "sec-fetch-mode": "same-origin" } } },
      { name: "GET health (fetch)", request: { route: "health", headers: SAME_ORIGIN_FETCH } },
    ],
    expect(o) {
      const aid = setCookieValue(o.setCookies, "aid");
      if (aid !== undefined) expect(aid, `the cookie set is a valid id\n${describe(o)}`).toMatch(ID);
      // Every id an event carries is the one the same response stores in the browser.
      expect(idsOf(o.events), `no orphan id: events carry the id of this response's Set-Cookie (${aid ?? "none set"}) or none\n${describe(o)}`).toEqual(
        idsOf(o.events).map((id) => (id === undefined ? undefined : aid)),
      );
    },
  },
  {
    id: 13,
    kind: "browser",
    scenario: "static",
    request: "static page / cached shell (no script rendered)",
    expected: "browser adopts the cookie's id (mm_minted tells \"minted now\")",
    expect(o) {
      const [landing] = o.landings;
      const id = landing?.aid;
      const msg = JSON.stringify(o, null, 1);
      expect(id, `the landing response sets aid\n${msg}`).toMatch(ID);
      expect(landing?.mmMinted, `the landing response tells "minted now" (mm_minted)\n${msg}`).toBe(id);
      expect({ stored: o.stored, cookie: o.cookie }, `the browser SDK adopted the cookie's id\n${msg}`).toEqual({ stored: id, cookie: id });
      expect(o.later.length, `the page's later requests tracked server events\n${msg}`).toBeGreaterThan(0);
      expect(idsOf(o.later), `later server events carry the same id\n${msg}`).toEqual(o.later.map(() => id));
    },
  },
  {
    id: 14,
    kind: "browser",
    scenario: "cleared",
    request: "cookie cleared, browser still holds an id (localStorage)",
    expected: "browser's id wins, written back to the cookie; later server events follow it",
    expect(o) {
      const msg = JSON.stringify(o, null, 1);
      expect(o.before, `the first visit stored an id\n${msg}`).toMatch(ID);
      expect({ stored: o.stored, cookie: o.cookie }, `the stored id won and was written back to the cookie\n${msg}`).toEqual({ stored: o.before, cookie: o.before });
      expect(o.later.length, `the page's later requests tracked server events\n${msg}`).toBeGreaterThan(0);
      expect(idsOf(o.later), `later server events follow the browser's id\n${msg}`).toEqual(o.later.map(() => o.before));
    },
  },
  {
    id: 15,
    kind: "http",
    request: "https request (directly or behind a trusted proxy)",
    expected: "cookies get Secure",
    variants: [{ name: "behind a TLS proxy (X-Forwarded-Proto: https)", request: { route: "page", headers: { ...DOCUMENT, "x-forwarded-proto": "https" } } }],
    expect(o) {
      const cookies = visitorCookies(o.setCookies);
      expect(cookies.length, `a first visit over https sets aid and mm_minted\n${describe(o)}`).toBe(2);
      for (const line of cookies) expect(line, "Secure on https").toMatch(/;\s*Secure(;|$)/i);
    },
  },
  {
    id: 16,
    kind: "http",
    request: "1 000 aid cookies / 16 KB Cookie header / invalid UTF-8",
    expected: "no crash; first valid or minted; nothing echoed",
    variants: [
      {
        name: "1 000 aid cookies",
        request: { route: "page", headers: DOCUMENT, cookie: Array.from({ length: 1000 }, (_, i) => (i === 500 ? "aid=u_first_valid_16" : "aid=<bad>")).join("; ") },
        firstValid: "u_first_valid_16",
        needles: ["<bad>"],
      },
      {
        name: "16 KB Cookie header",
        request: { route: "page", headers: DOCUMENT, cookie: `pad=${"y".repeat(16_000)}; aid=%3Cbig%3E; aid=u_after_pad_16` },
        firstValid: "u_after_pad_16",
        needles: ["y".repeat(64), "%3Cbig%3E", "<big>"],
      },
      {
        name: "invalid UTF-8",
        request: { route: "page", headers: DOCUMENT, cookie: "theme=dark; aid=\xff\xfe\xc3\x28" },
        needles: ["\xff\xfe", "\ufffd"],
      },
    ],
    expect(o, v) {
      expect(o.status, `no crash\n${describe(o)}`).toBeLessThan(500);
      expect(o.flushStatus, "the app still answers").toBeLessThan(500);
      if (v.firstValid) {
        const aid = setCookieValue(o.setCookies, "aid");
        if (aid !== undefined) expect(aid, `a rewritten cookie holds the first valid id\n${describe(o)}`).toBe(v.firstValid);
        eventsCarry(o, v.firstValid);
      } else {
        eventsCarry(o, mintedId(o));
      }
      neverEchoed(o, v.needles);
    },
  },
  {
    id: 17,
    kind: "create",
    request: "cookie options with ;, =, CR/LF",
    expected: "refused when the middleware is created, naming the option",
    variants: [
      { name: 'name "a;b"', option: "cookie.name", cookie: { name: "a;b" } },
      { name: 'name "a=b"', option: "cookie.name", cookie: { name: "a=b" } },
      { name: "path with CR/LF", option: "cookie.path", cookie: { path: "/x\r\nSet-Cookie: y=1" } },
      { name: 'domain "example.com; Secure"', option: "cookie.domain", cookie: { domain: "example.com; Secure" } },
    ],
    expect(o) {
      expect(
        o.refusals.map((r) => ({ via: r.via, refused: r.message !== undefined, namesOption: !!r.message?.includes(o.option) })),
        `every creation point refuses ${o.variant}, naming ${o.option}: ${JSON.stringify(o.refusals)}`,
      ).toEqual(o.refusals.map((r) => ({ via: r.via, refused: true, namesOption: true })));
    },
  },
  {
    id: 18,
    kind: "http",
    request: "minting response on a cacheable page",
    expected: "a shared cache cannot store and replay the visitor's Set-Cookie (see the adapter README)",
    variants: [{ name: "GET cacheable page", request: { route: "cacheable", headers: DOCUMENT } }],
    expect(o) {
      if (visitorCookies(o.setCookies).length === 0) return; // nothing a cache could replay
      const cacheControl = [o.headers["cache-control"] ?? ""].flat().join(", ");
      expect(
        cacheKeepsCookiePrivate(cacheControl),
        `a response that sets the visitor's cookie must not be stored by a shared cache with it (Cache-Control: private / no-store / private="set-cookie" / no-cache="set-cookie"); got Cache-Control: ${JSON.stringify(cacheControl)}\n${describe(o)}`,
      ).toBe(true);
    },
  },
  {
    id: 19,
    kind: "late",
    request: "event tracked after the response finished (no request context)",
    expected: "development: one loud warning; never another request's id",
    expect(o) {
      const msg = JSON.stringify(o, null, 1);
      for (const id of idsOf(o.late)) expect([o.scheduledBy, undefined], `a late event carries ${id}: never another request's id\n${msg}`).toContain(id);
      if (o.mode === "development") expect(o.diagnostics.length, `one loud [millimetric] warning for the three late events\n${msg}`).toBe(1);
    },
  },
  {
    id: 20,
    kind: "concurrency",
    requests: 2000,
    concurrency: 200,
    request: "2 000 concurrent requests with awaits, timers, promises",
    expected: "every event carries its own request's id (0 misattributed)",
    expect(o) {
      const msg = JSON.stringify({ ...o, misattributed: o.misattributed.slice(0, 5) }, null, 1);
      expect(o.failed, `every request answered\n${msg}`).toBe(0);
      expect(o.received, `every event reached the ingest\n${msg}`).toBe(o.expected);
      expect(o.misattributed.length, `events carrying another request's id\n${msg}`).toBe(0);
    },
  },
];
