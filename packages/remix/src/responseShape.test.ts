// How a plain loader value goes out with the cookie, per framework: the loader args tell
// React Router 7.10+/8 from Remix 2; the value decides whether JSON is safe for both Remix modes.
import { afterEach, describe, expect, it, vi } from "vitest";
import { MillimetricError, millimetricLoader, withMillimetric, type DataWithInit } from "./server";
import { survivesJson } from "./survivesJson";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const ID = /^u_[0-9a-f]{32}$/;
// The id cookie itself; its mm_minted companion on a mint is asserted in "the mm_minted companion".
const aidOnly = (cookies: string[]) => cookies.filter((c) => !c.startsWith("mm_minted="));
// A browser's request (it sends Sec-Fetch-*): only those get a minted id.
const req = (headers: Record<string, string> = {}) => new Request("http://app.test/", { headers: { "sec-fetch-dest": "document", ...headers } });
/** What Remix 2 hands a loader, classic and single fetch alike. */
const remixArgs = (request: Request) => ({ request, context: {}, params: {} });
/** React Router 7.18 and 8. */
const rr7Args = (request: Request) => ({ request, context: {}, params: {}, url: new URL(request.url), pattern: "/" });
/** React Router 7.10 to 7.14 (before url/pattern were stabilised). */
const rr710Args = (request: Request) => ({ request, context: {}, params: {}, unstable_pattern: "/" });
const cookieOf = (headers: Headers) => aidOnly(headers.getSetCookie())[0]?.slice(4).split(";")[0];

describe("millimetricLoader's response shape", () => {
  it("Remix 2 args, JSON data: a JSON Response with the cookie, which classic Remix requires and single fetch unwraps", async () => {
    const res = (await millimetricLoader(remixArgs(req()), () => ({ theme: "light", n: [1, null] }))) as unknown as Response;
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const id = cookieOf(res.headers)!;
    expect(id).toMatch(ID);
    expect(aidOnly(res.headers.getSetCookie())).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    expect(await res.json()).toEqual({ theme: "light", n: [1, null], millimetric: { id, minted: true } });
    // No loader at all: the same.
    const bare = (await millimetricLoader(remixArgs(req()))) as unknown as Response;
    expect(await bare.json()).toEqual({ millimetric: { id: cookieOf(bare.headers), minted: true } });
    // A returning visitor: no header to add, the plain object as the loader returned it.
    expect(await millimetricLoader(remixArgs(req({ cookie: "aid=u_back" })), () => ({ theme: "light" }))).toEqual({
      theme: "light",
      millimetric: { id: "u_back", minted: false },
    });
  });

  it.each([
    ["React Router 7.15+ / 8 (url, pattern)", rr7Args],
    ["React Router 7.10-7.14 (unstable_pattern)", rr710Args],
  ])("%s: data() with the cookie, which keeps a Date a Date", async (_label, makeArgs) => {
    const when = new Date(0);
    const r = (await millimetricLoader(makeArgs(req()), () => ({ when }))) as unknown as DataWithInit<{ when: Date; millimetric: { id: string } }>;
    expect(r.type).toBe("DataWithResponseInit");
    expect(r.data.when).toBe(when);
    expect(cookieOf(new Headers(r.init?.headers))).toBe(r.data.millimetric.id);
  });

  it("Remix 2 args with data JSON cannot carry: an error in development, even for a returning visitor, naming the option", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const loader = () => ({ when: new Date(0) });
    await expect(millimetricLoader(remixArgs(req()), loader)).rejects.toThrow(/^\[millimetric\] The data your loader or action returns holds values JSON cannot carry/);
    await expect(millimetricLoader(remixArgs(req({ cookie: "aid=u_back" })), loader)).rejects.toThrow(/\{ response: "data" \}.*\{ response: "json" \}/);
    const wrapped = withMillimetric(async () => ({ big: 1n }))(remixArgs(req()));
    await expect(wrapped).rejects.toThrow(TypeError);
    await expect(wrapped).rejects.toSatisfy((err) => err instanceof MillimetricError && err.code === "invalid_config");
  });

  it("…and in production: one log line, the cookie still set through JSON", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = (await millimetricLoader(remixArgs(req()), () => ({ when: new Date(0) }))) as unknown as Response;
    expect(cookieOf(res.headers)).toMatch(ID);
    expect(await res.json()).toMatchObject({ when: "1970-01-01T00:00:00.000Z" });
    await millimetricLoader(remixArgs(req()), () => ({ when: new Date(0) }));
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/^\[millimetric\] .*Sending JSON meanwhile\.$/);
    // A returning visitor in production: nothing to decide, nothing logged, the data untouched.
    const when = new Date(0);
    expect(await millimetricLoader(remixArgs(req({ cookie: "aid=u_back" })), () => ({ when }))).toEqual({ when, millimetric: { id: "u_back", minted: false } });
  });

  it("an explicit option wins over the detection", async () => {
    const when = new Date(0);
    const asData = (await millimetricLoader(remixArgs(req()), () => ({ when }), { response: "data" })) as unknown as DataWithInit<{ when: Date }>;
    expect(asData.data.when).toBe(when);
    const asJson = (await millimetricLoader(rr7Args(req()), () => ({ a: 1 }), { response: "json" })) as unknown as Response;
    expect(asJson).toBeInstanceOf(Response);
  });

  it("withMillimetric follows the same rule for a first visit's plain result", async () => {
    const action = withMillimetric(async () => ({ ok: true }));
    const remix = (await action(remixArgs(req()))) as unknown as Response;
    expect(await remix.json()).toEqual({ ok: true });
    expect(cookieOf(remix.headers)).toMatch(ID);
    // An action that returns nothing: JSON null on Remix 2, no error.
    const silent = (await withMillimetric(async () => undefined)(remixArgs(req()))) as unknown as Response;
    expect(await silent.json()).toBeNull();
    expect(cookieOf(silent.headers)).toMatch(ID);
    const rr = (await action(rr7Args(req()))) as unknown as DataWithInit<{ ok: boolean }>;
    expect(rr.data).toEqual({ ok: true });
    expect(await action(remixArgs(req({ cookie: "aid=u_back" })))).toEqual({ ok: true });
  });
});

describe("survivesJson", () => {
  it.each<[string, unknown, boolean]>([
    ["plain data", { a: "x", b: [1, true, null, { c: 2.5 }], d: undefined }, true],
    ["null", null, true],
    ["a Date", { at: new Date(0) }, false],
    ["a Map", { m: new Map() }, false],
    ["a BigInt", { n: 1n }, false],
    ["a promise (streamed data)", { later: Promise.resolve(1) }, false],
    ["NaN", { n: Number.NaN }, false],
    ["undefined in an array", [undefined], false],
    ["a class instance", { u: new URL("http://x.test/") }, false],
    ["a function", { f: () => 1 }, false],
  ])("%s: %s", (_label, value, expected) => {
    expect(survivesJson(value)).toBe(expected);
  });

  it("a cycle is not JSON (and does not overflow the stack)", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(survivesJson(a)).toBe(false);
  });
});
