import { describe, expect, it } from "vitest";
import { validateEvent } from "../index";
import { checkEvent } from "../internal";

const bad = (input: unknown, field: string, rule: RegExp) => {
  const r = checkEvent(input);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.fieldErrors[field]).toMatch(rule);
  expect(() => validateEvent(input)).toThrow(TypeError);
  expect(() => validateEvent(input)).toThrow(new RegExp(`"${field}"`));
};

describe("checkEvent / validateEvent: the protocol's event table", () => {
  it("accepts the minimal event and every field at its limit", () => {
    expect(validateEvent({ event: "signup" })).toEqual({ event: "signup" });
    const full = {
      event: "e".repeat(128),
      event_id: "i".repeat(128),
      timestamp: "2026-01-31T12:00:00.123Z",
      anonymous_id: "a".repeat(128),
      user_id: "u".repeat(256),
      session_id: "s".repeat(128),
      url: "https://example.com/" + "p".repeat(2048 - 20),
      path: "/".repeat(2048),
      referrer: "r".repeat(2048),
      properties: { big: "x".repeat(8192 - 10) },
    };
    expect(JSON.stringify(full.properties).length).toBe(8192);
    expect(validateEvent(full)).toEqual(full);
    expect(validateEvent({ event: "x", path: "", referrer: "" })).toEqual({ event: "x", path: "", referrer: "" });
  });

  it("names the field and the rule for each limit", () => {
    bad({}, "event", /required/);
    bad({ event: "" }, "event", /1–128/);
    bad({ event: "e".repeat(129) }, "event", /1–128/);
    bad({ event: 5 }, "event", /string/);
    bad({ event: "x", event_id: "" }, "event_id", /1–128/);
    bad({ event: "x", anonymous_id: "a".repeat(129) }, "anonymous_id", /1–128/);
    bad({ event: "x", user_id: "u".repeat(257) }, "user_id", /1–256/);
    bad({ event: "x", user_id: 42 }, "user_id", /string/);
    bad({ event: "x", session_id: "" }, "session_id", /1–128/);
    bad({ event: "x", url: "/relative" }, "url", /absolute URL/);
    bad({ event: "x", url: "https://e.com/" + "a".repeat(2048) }, "url", /2048/);
    bad({ event: "x", path: "p".repeat(2049) }, "path", /2048/);
    bad({ event: "x", referrer: "r".repeat(2049) }, "referrer", /2048/);
    bad({ event: "x", timestamp: "yesterday" }, "timestamp", /ISO-8601/);
    bad({ event: "x", timestamp: "2026-01-31 12:00:00" }, "timestamp", /ISO-8601/);
    bad({ event: "x", timestamp: "2026-01-31T12:00:00" }, "timestamp", /zone/);
    bad({ event: "x", timestamp: new Date(NaN) }, "timestamp", /ISO-8601/);
    bad({ event: "x", properties: [] }, "properties", /plain JSON object/);
    bad({ event: "x", properties: "s" }, "properties", /plain JSON object/);
    bad({ event: "x", properties: new Map() }, "properties", /plain JSON object/);
    bad({ event: "x", properties: { big: "x".repeat(8192) } }, "properties", /8192 bytes.*got 8202/);
    bad({ event: "x", properties: { s: "é".repeat(4096) } }, "properties", /8192 bytes/);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    bad({ event: "x", properties: cyc }, "properties", /JSON-serialisable/);
    bad({ event: "x", properties: { n: 1n } }, "properties", /JSON-serialisable/);
    bad({ event: "x", propeties: {} }, "propeties", /not an event field.*properties/);
    bad(null, "event", /object/);
    bad("signup", "event", /object/);
  });

  it("reserves $ names except the system events", () => {
    bad({ event: "$purchase" }, "event", /reserved for \$pageview and \$identify/);
    expect(validateEvent({ event: "$pageview" }).event).toBe("$pageview");
    expect(validateEvent({ event: "$identify" }).event).toBe("$identify");
  });

  it("normalises: Date → ISO, undefined/null optional fields dropped", () => {
    const d = new Date("2026-03-01T10:00:00Z");
    expect(validateEvent({ event: "x", timestamp: d, user_id: undefined, session_id: null })).toEqual({
      event: "x",
      timestamp: "2026-03-01T10:00:00.000Z",
    });
    expect(validateEvent({ event: "x", timestamp: "2026-03-01T10:00:00+02:00" }).timestamp).toBe("2026-03-01T10:00:00+02:00");
  });

  it("does not mistake Object.prototype's names for fields", () => {
    bad({ event: "x", constructor: {} }, "constructor", /not an event field/);
    bad({ event: "x", toString: "a" }, "toString", /not an event field/);
    expect(checkEvent(JSON.parse('{"event":"x","toString":"a","__proto__":{"y":1},"constructor":{}}'), { unknownKeys: "strip" })).toEqual({ ok: true, event: { event: "x" } });
  });

  it("strips unknown fields when asked (server side) and reports every broken field", () => {
    expect(checkEvent({ event: "x", browser: "Chrome" }, { unknownKeys: "strip" })).toEqual({ ok: true, event: { event: "x" } });
    const r = checkEvent({ event: "", user_id: "", url: "nope" });
    expect(r.ok ? [] : Object.keys(r.fieldErrors).sort()).toEqual(["event", "url", "user_id"]);
  });
});
