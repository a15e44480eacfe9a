import { parse as parseCookie } from "cookie";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aidScriptContent, getCookieValues, ID_PATTERN, isValidId, reconcileAnonymousId, renderAidScript, serializeForScript, validateEvent } from "./index";
import { checkEvent, resolveAnonymousId } from "./internal";

// Sized for a loaded 2-core CI box: 1 000 runs a property (fast-check's default is 100) find
// what 2 000 did here, and the per-test timeout is generous; nothing asserts on time.
const RUNS = { numRuns: 1000 };
const LOADED_MACHINE = { timeout: 60_000 };
const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom("</script><script>alert(1)</script>", "undefined", "NULL", "NaN", "Undefined", "aid=", "\u2028\u2029", "<!--", "\0\r\n", "é".repeat(50), "x".repeat(8192)),
  fc.string({ unit: fc.constantFrom("<", ">", "&", "/", "\u2028", "\u2029", "a", "_", "-", "\\", '"', "'"), maxLength: 64 }),
);
const UNSAFE = /[<>&\u2028\u2029]/;

describe("hostile input (property-based)", LOADED_MACHINE, () => {
  it("isValidId accepts exactly the id pattern and never throws", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.anything()), (v) => {
        const ok = isValidId(v);
        expect(ok).toBe(typeof v === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(v) && !/^(undefined|null|nan)$/i.test(v));
        if (ok) expect(v).toMatch(ID_PATTERN);
      }),
      RUNS,
    );
  });

  it("getCookieValues never throws and agrees with the cookie package on well-formed headers", () => {
    fc.assert(fc.property(hostileString, (h) => void getCookieValues(h, "aid")), RUNS);
    const name = fc.stringMatching(/^[a-z]{1,6}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9_\-.]{0,20}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 8 }), fc.constantFrom("; ", ";"), (pairs, sep) => {
        const header = pairs.map(([n, v]) => `${n}=${v}`).join(sep);
        for (const [n] of pairs) expect(getCookieValues(header, n)[0]).toBe(parseCookie(header)[n]);
      }),
      RUNS,
    );
  });

  it("resolveAnonymousId always yields a valid id, whatever the request carries", () => {
    fc.assert(
      fc.property(fc.option(hostileString), fc.option(hostileString), fc.option(hostileString), (explicit, header, cookie) => {
        const r = resolveAnonymousId({ explicit, header, cookieHeader: cookie === null ? null : `aid=${cookie}; other=1` });
        expect(isValidId(r.id)).toBe(true);
        expect(typeof r.setCookie).toBe("boolean");
      }),
      RUNS,
    );
  });

  it("serializeForScript output cannot break out of a script and round-trips", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), hostileString, fc.dictionary(hostileString, hostileString)), (v) => {
        const out = serializeForScript(v);
        expect(out).not.toMatch(UNSAFE);
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v) ?? "null"));
      }),
      RUNS,
    );
  });

  it("aid scripts render only valid ids, with nothing script-breaking", () => {
    fc.assert(
      fc.property(hostileString, fc.boolean(), fc.option(hostileString), (id, minted, nonce) => {
        const content = aidScriptContent({ id, minted });
        if (!isValidId(id)) expect(content).toBe("");
        expect(content).not.toMatch(UNSAFE);
        const tag = renderAidScript({ id, minted }, { nonce: nonce ?? undefined });
        if (tag) {
          expect(tag.match(/<\/script>/g)).toHaveLength(1);
          expect(tag.match(/<script/g)).toHaveLength(1);
          expect(tag.slice(0, tag.indexOf(">"))).not.toMatch(/"[^"]*"[^"]*"[^"]*"/);
        }
      }),
      RUNS,
    );
  });

  it("reconciliation never yields an invalid id", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.anything()), fc.oneof(hostileString, fc.anything(), fc.record({ id: hostileString, minted: fc.boolean() })), (stored, server) => {
        const r = reconcileAnonymousId(stored, server);
        if (r.id !== undefined) expect(isValidId(r.id)).toBe(true);
      }),
      RUNS,
    );
  });

  it("the event validator only ever throws the documented TypeError", () => {
    const fields = fc.record(
      {
        event: fc.oneof(hostileString, fc.anything()),
        event_id: fc.oneof(hostileString, fc.anything()),
        timestamp: fc.oneof(hostileString, fc.date({ noInvalidDate: false }), fc.anything()),
        user_id: fc.oneof(hostileString, fc.anything()),
        url: fc.oneof(hostileString, fc.webUrl(), fc.anything()),
        properties: fc.oneof(fc.anything(), fc.object(), fc.dictionary(hostileString, fc.jsonValue())),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fields, fc.anything()), (input) => {
        const r = checkEvent(input);
        try {
          const e = validateEvent(input);
          expect(r.ok).toBe(true);
          expect(typeof e.event).toBe("string");
        } catch (err) {
          expect(err).toBeInstanceOf(TypeError);
          expect((err as Error).message).toMatch(/^\[millimetric\] invalid event: ".*" (must|is|names|the event)/s);
          expect(r.ok).toBe(false);
        }
      }),
      RUNS,
    );
  });
});
