import { describe, expect, it } from "vitest";
import { callHook } from "./callHook";

describe("callHook", () => {
  it("calls the hook with its argument; a throw, a rejection or no hook at all never reaches the caller", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const seen: number[] = [];
      callHook((n: number) => seen.push(n), 7);
      expect(seen).toEqual([7]);
      expect(() =>
        callHook(() => {
          throw new Error("listener bug");
        }, 1),
      ).not.toThrow();
      callHook(async () => {
        throw new Error("async listener bug");
      }, 1);
      callHook(undefined, 1);
      // Node reports an unhandled rejection once the microtask queue drains; give it two turns.
      for (let i = 0; i < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
