// @vitest-environment node
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// Checks the built package (run `npm run build` first), the way users receive it.
const dist = (f: string) => readFileSync(new URL(`../dist/${f}`, import.meta.url), "utf8");

describe("built @millimetric/react", () => {
  it.each(["index.js", "index.cjs"])('%s starts with "use client"', (file) => {
    expect(dist(file).startsWith('"use client";')).toBe(true);
  });

  it("keeps react and the browser SDK external (one React, one SDK instance)", () => {
    expect(dist("index.js")).toMatch(/from "react"/);
    expect(dist("index.js")).toMatch(/from "@millimetric\/track"/);
    expect(dist("index.js")).not.toMatch(/function reconcileAnonymousId/);
  });

  it("exports the same names from ESM and CJS", async () => {
    const esm = Object.keys(await import("@millimetric/react")).sort();
    const cjs = Object.keys(createRequire(import.meta.url)("@millimetric/react")).sort();
    expect(esm).toEqual(cjs);
    expect(esm).toMatchInlineSnapshot(`
      [
        "ANONYMOUS_ID_HEADER",
        "MillimetricError",
        "MillimetricProvider",
        "MillimetricTypeError",
        "anonymousIdHeaders",
        "flush",
        "getAnonymousId",
        "identify",
        "init",
        "isOptedOut",
        "optIn",
        "optOut",
        "page",
        "reset",
        "setAnonymousId",
        "track",
        "useAnonymousId",
        "useMillimetric",
        "useTrackOnMount",
      ]
    `);
  });
});
