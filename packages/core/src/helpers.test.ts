import fc from "fast-check";
import { describe, expect, it } from "vitest";

// Property runs and big loops below: generous on a loaded 2-core CI box; nothing asserts on time.
const LOADED_MACHINE = { timeout: 60_000 };
import { checkEvent, EVENT_NAME, eventNameError, fitsProperties, isEventName, parseRetryAfter, pooledRandomHex, propertiesError, randomHex } from "./internal";

describe("random hex", LOADED_MACHINE, () => {
  it("randomHex gives the requested bytes as lowercase hex, every byte value possible", () => {
    expect(randomHex(16)).toMatch(/^[0-9a-f]{32}$/);
    expect(randomHex(1)).toMatch(/^[0-9a-f]{2}$/);
    const seen = new Set(Array.from({ length: 4000 }, () => randomHex(1)));
    expect(seen.size).toBe(256); // "00" and "0f" included: no lost leading zero
  });

  it("pooledRandomHex draws from a pool without ever repeating a slice", () => {
    const ids = Array.from({ length: 5000 }, () => pooledRandomHex(16));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(pooledRandomHex(3000)).toMatch(/^[0-9a-f]{6000}$/); // larger than the pool
  });
});

describe("parseRetryAfter", () => {
  it("reads the header's seconds, else the body's, else one second; at most a minute", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0")).toBe(0);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(null, 3)).toBe(3000);
    expect(parseRetryAfter(null)).toBe(1000);
    expect(parseRetryAfter("soon")).toBe(1000);
    expect(parseRetryAfter("-5")).toBe(1000);
    expect(parseRetryAfter("86400")).toBe(60_000);
    expect(parseRetryAfter(null, "7")).toBe(7000);
    expect(parseRetryAfter(null, {})).toBe(1000);
  });
});

describe("the compact rules the browser SDK bundles", LOADED_MACHINE, () => {
  it("isEventName: 1–128 characters, $ reserved except the system events", () => {
    for (const ok of ["a", "x".repeat(128), "$pageview", "$identify", "signup $", "é"]) expect(isEventName(ok)).toBe(true);
    for (const bad of ["", "x".repeat(129), "$custom", "$pageview2", "$", 42, null, undefined, ["a"]]) expect(isEventName(bad)).toBe(false);
    expect(EVENT_NAME.test("line\nbreak")).toBe(true); // any character, newlines too
  });

  it("isEventName and eventNameError are one rule", () => {
    const name = fc.oneof(
      fc.string({ maxLength: 140 }),
      fc.string({ maxLength: 140 }).map((s) => "$" + s),
      fc.constantFrom("$pageview", "$identify", "$pageview\n", "$"),
      fc.anything(),
    );
    fc.assert(
      fc.property(name, (v) => {
        expect(isEventName(v)).toBe(eventNameError(v) === undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it("fitsProperties accepts whatever propertiesError accepts, and refuses whatever breaks the size or JSON-object rule", () => {
    const value = fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })), fc.jsonValue({ maxDepth: 1 }), fc.anything());
    fc.assert(
      fc.property(value, (v) => {
        // null and undefined mean "no properties" to every caller; the rule is for values.
        if (v == null) return;
        if (propertiesError(v) === undefined) expect(fitsProperties(v)).toBe(true);
        else if (typeof v != "object" || v === null || Array.isArray(v)) expect(fitsProperties(v)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  // What the servers' checkEvent says of `properties` (it sizes flat ones without serialising
  // them), beside what core's rule function says (it always serialises): the two must agree.
  const serverRule = (properties: unknown) => {
    const result = checkEvent({ event: "x", properties });
    const rule = result.ok ? undefined : result.fieldErrors.properties;
    expect(rule).toBe(propertiesError(properties));
    return rule;
  };

  it("checkEvent on flat properties (sized without serialising) agrees with measuring their JSON", () => {
    // Strings of every kind of character (control characters escape to 6 bytes, others up
    // to 3 or 4), long enough that some objects are over 8 KB and some near it.
    const unit = fc.constantFrom("\u0001", '"', "é", "😀", "x");
    const text = fc.oneof(fc.string({ maxLength: 3000, unit: "binary" }), fc.string({ maxLength: 40, unit }), fc.string({ minLength: 1000, maxLength: 2000, unit }));
    const primitive = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.string({ minLength: 1000, maxLength: 1500, unit })), primitive, { maxKeys: 6 }), (v) => {
        const bytes = new TextEncoder().encode(JSON.stringify(v)).length;
        expect(serverRule(v)).toBe(bytes > 8192 ? `must be at most 8192 bytes as JSON (got ${bytes})` : undefined);
      }),
      { numRuns: 1000 },
    );
  });

  it("checkEvent's properties: a getter that throws is reported, not thrown, and nested values are measured", () => {
    expect(
      serverRule({
        get boom(): string {
          throw new Error("nope");
        },
      }),
    ).toMatch(/JSON-serialisable/);
    expect(serverRule({ nested: { big: "x".repeat(8192) } })).toMatch(/8192 bytes/);
    expect(serverRule({ list: ["x".repeat(8192)] })).toMatch(/8192 bytes/);
    expect(serverRule({ at: new Date(0), nested: { a: 1 } })).toBeUndefined();
    expect(serverRule(Object.assign(Object.create(null), { a: 1 }))).toBeUndefined();
    expect(serverRule([1])).toBe("must be a plain JSON object");
    // 1400 control characters: 8400 bytes once escaped, over the limit at 1400 characters.
    expect(serverRule({ c: "\u0001".repeat(1400) })).toMatch(/got 8408/);
    // Each kind of character right at the limit and one past it: {"a":"…"} is 8 bytes + k × its JSON bytes.
    for (const [char, bytes] of [["\u0001", 6], ['"', 2], ["é", 2], ["😀", 4], ["x", 1]] as const) {
      const k = Math.floor((8192 - 8) / bytes);
      expect(serverRule({ a: char.repeat(k) }), `${k} × ${JSON.stringify(char)}`).toBeUndefined();
      expect(serverRule({ a: char.repeat(k + 1) }), `${k + 1} × ${JSON.stringify(char)}`).toBe(`must be at most 8192 bytes as JSON (got ${8 + (k + 1) * bytes})`);
    }
  });

  it("fitsProperties: a JSON object of at most 8192 UTF-8 bytes", () => {
    expect(fitsProperties({})).toBe(true);
    expect(fitsProperties({ a: "x".repeat(8184) })).toBe(true); // {"a":"…"} = 8192 bytes
    expect(fitsProperties({ a: "x".repeat(8185) })).toBe(false);
    expect(fitsProperties({ a: "é".repeat(4092) })).toBe(true); // 8184 + 8 bytes
    expect(fitsProperties({ a: "é".repeat(4093) })).toBe(false);
    for (const bad of [[], "s", 1, null, undefined, new Date(0), { n: 1n }]) expect(fitsProperties(bad)).toBe(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(fitsProperties(cyclic)).toBe(false);
  });
});
