import { describe, expect, it } from "vitest";
import { isOptedOut } from "./isOptedOut";

const reader = (headers: Record<string, string>) => (name: string) => headers[name];

describe("isOptedOut", () => {
  it("is true for Sec-GPC: 1 and for the mm_optout=1 cookie", () => {
    expect(isOptedOut(reader({ "sec-gpc": "1" }))).toBe(true);
    expect(isOptedOut(reader({ "sec-gpc": " 1 " }))).toBe(true);
    expect(isOptedOut(reader({ cookie: "theme=dark; mm_optout=1; aid=u_1" }))).toBe(true);
    expect(isOptedOut(reader({ cookie: "mm_optout=0; mm_optout=1" }))).toBe(true);
  });

  it("is false without either signal, or with other values", () => {
    expect(isOptedOut(reader({}))).toBe(false);
    expect(isOptedOut(reader({ "sec-gpc": "0" }))).toBe(false);
    expect(isOptedOut(reader({ cookie: "aid=u_1" }))).toBe(false);
    expect(isOptedOut(reader({ cookie: "mm_optout=0" }))).toBe(false);
    expect(isOptedOut(reader({ cookie: "not_mm_optout=1" }))).toBe(false);
    expect(isOptedOut(reader({ cookie: "x=mm_optout" }))).toBe(false);
  });
});
