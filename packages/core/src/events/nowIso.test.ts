import { describe, expect, it } from "vitest";
import { nowIso } from "./nowIso";
import { utf8Length } from "./utf8Length";

describe("nowIso", () => {
  it("is exactly toISOString, across millisecond, second, day and year boundaries", () => {
    const base = Date.UTC(2026, 11, 31, 23, 59, 58);
    for (let ms = base - 1500; ms < base + 3500; ms += 7) expect(nowIso(ms)).toBe(new Date(ms).toISOString());
    for (const ms of [0, 1, 9, 10, 99, 100, 999, 1000, Date.UTC(2024, 1, 29, 12), Date.now()]) expect(nowIso(ms)).toBe(new Date(ms).toISOString());
  });
  it("defaults to now, and a cached second never leaks into the next one", () => {
    const before = Date.now();
    const stamp = Date.parse(nowIso());
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
    expect(nowIso(1_700_000_000_999)).toBe("2023-11-14T22:13:20.999Z");
    expect(nowIso(1_700_000_001_000)).toBe("2023-11-14T22:13:21.000Z");
  });
});

describe("utf8Length", () => {
  it("counts UTF-8 bytes (Buffer's count on Node, the same as TextEncoder's)", () => {
    for (const s of ["", "ascii only", "café", "☃", "😀", "a😀b☃c", "\u0000\u007f\u0080\u07ff\u0800\uffff", "\ud800"]) {
      expect(utf8Length(s), s).toBe(new TextEncoder().encode(s).length);
    }
  });
});
