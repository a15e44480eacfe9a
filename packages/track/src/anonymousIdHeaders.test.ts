// @vitest-environment jsdom
// anonymousIdHeaders(): the id as the header an API on another origin reads, and never a
// missing one. The README's old recipe (`{ "x-millimetric-anonymous-id": getAnonymousId() }`)
// sent the string "undefined" before init; these cases hold the helper to `{}` there.
import { ANONYMOUS_ID_HEADER } from "@millimetric/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { define, recorder, sandbox } from "./testing";

const { load } = sandbox();
let srv: Awaited<ReturnType<typeof recorder>>;
beforeEach(async () => {
  srv = await recorder();
});
afterEach(() => srv.close());

const KEY = "pk_test_f6589a94_x";
const opts = (extra: Record<string, unknown> = {}) => ({ key: KEY, host: srv.host, autoPageView: false, flushIntervalMs: 60_000, ...extra });

/** What `fetch(url, { headers: anonymousIdHeaders() })` puts on the wire. */
const onTheWire = (headers: Record<string, string>) => new Headers(headers).get(ANONYMOUS_ID_HEADER);

describe("anonymousIdHeaders()", () => {
  it("is {} before init: no header at all, never the string 'undefined'", async () => {
    const mm = await load();
    expect(mm.anonymousIdHeaders()).toEqual({});
    expect(onTheWire(mm.anonymousIdHeaders())).toBeNull();
    // What the old recipe sent at this moment, for the record.
    expect(onTheWire({ [ANONYMOUS_ID_HEADER]: mm.getAnonymousId() as string })).toBe("undefined");
  });

  it("is the header with the settled id once init ran, the same id the events carry", async () => {
    const mm = await load();
    mm.init(opts());
    const id = mm.getAnonymousId()!;
    expect(id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(mm.anonymousIdHeaders()).toEqual({ "x-millimetric-anonymous-id": id });
    expect(mm.ANONYMOUS_ID_HEADER).toBe("x-millimetric-anonymous-id");
    mm.track("a");
    await mm.flush();
    expect(srv.events()[0]!.anonymous_id).toBe(onTheWire(mm.anonymousIdHeaders()));
  });

  it("follows the id: the server's id adopted by init, setAnonymousId and reset", async () => {
    const mm = await load();
    mm.init(opts({ anonymousId: { id: "u_fromserver", minted: false } }));
    expect(mm.anonymousIdHeaders()).toEqual({ [ANONYMOUS_ID_HEADER]: "u_fromserver" });
    mm.setAnonymousId("u_adopted");
    expect(mm.anonymousIdHeaders()).toEqual({ [ANONYMOUS_ID_HEADER]: "u_adopted" });
    mm.reset();
    const fresh = mm.getAnonymousId()!;
    expect(fresh).not.toBe("u_adopted");
    expect(mm.anonymousIdHeaders()).toEqual({ [ANONYMOUS_ID_HEADER]: fresh });
  });

  it("is {} before init even when setAnonymousId gave an id (consent is not known yet)", async () => {
    const mm = await load();
    mm.setAnonymousId("u_early");
    expect(mm.anonymousIdHeaders()).toEqual({});
  });

  it("is {} while the visitor is opted out: optOut(), an mm_optout cookie at load, Global Privacy Control", async () => {
    let mm = await load();
    mm.init(opts());
    mm.optOut();
    expect(mm.anonymousIdHeaders()).toEqual({});
    mm.optIn(); // a fresh id, sent again
    expect(mm.anonymousIdHeaders()).toEqual({ [ANONYMOUS_ID_HEADER]: mm.getAnonymousId() });
    expect(mm.getAnonymousId()).toMatch(/^u_/);

    mm = await load(); // a later page, the visitor opted out on an earlier one
    document.cookie = "mm_optout=1; path=/";
    mm.init(opts());
    expect(mm.anonymousIdHeaders()).toEqual({});

    document.cookie = "mm_optout=; Max-Age=0; path=/";
    mm = await load();
    define(navigator, "globalPrivacyControl", true); // the sandbox removes it
    mm.init(opts());
    expect(mm.anonymousIdHeaders()).toEqual({});
    mm = await load();
    mm.init(opts({ ignorePrivacySignals: true })); // the app asked for consent itself
    expect(mm.anonymousIdHeaders()).toEqual({ [ANONYMOUS_ID_HEADER]: mm.getAnonymousId() });
  });

  it("returns a new object each call: spreading it or adding to it changes nothing in the SDK", async () => {
    const mm = await load();
    mm.init(opts());
    const headers = mm.anonymousIdHeaders();
    headers["content-type"] = "application/json";
    expect(mm.anonymousIdHeaders()).toEqual({ [ANONYMOUS_ID_HEADER]: mm.getAnonymousId() });
  });
});
