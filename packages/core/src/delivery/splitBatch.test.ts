import { describe, expect, it } from "vitest";
import { splitBatch } from "./splitBatch";

describe("splitBatch", () => {
  it("sends the named positions apart from the rest, or halves", () => {
    expect(splitBatch(["a", "b", "c", "d"], [1, 3])).toEqual([["b", "d"], ["a", "c"]]);
    expect(splitBatch(["a", "b", "c"])).toEqual([["a"], ["b", "c"]]);
  });
});
