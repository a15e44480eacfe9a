import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// Resolved at run time only: the built types must not merge with the sources' in tsc.
const pkg: string = "@millimetric/express";

describe("package exports", () => {
  it("the ESM and CJS builds expose the same public API", async () => {
    const esm = await import(/* @vite-ignore */ pkg);
    const cjs = require(pkg);
    expect(Object.keys(esm).sort()).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "DEFAULT_HOST",
        "MillimetricClient",
        "MillimetricError",
        "flush",
        "flushOnExit",
        "getClient",
        "getContext",
        "identify",
        "init",
        "lazyUserId",
        "millimetric",
        "runWithContext",
        "shutdown",
        "track",
      ]
    `);
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
  });

  it("shares track-node's client class and request context (one package to install)", async () => {
    const express = await import(/* @vite-ignore */ pkg);
    const trackNode = await import("@millimetric/track-node");
    const context = await import("@millimetric/track-node/context");
    expect(express.MillimetricClient).toBe(trackNode.MillimetricClient);
    expect(express.runWithContext({ anonymous_id: "u_1" }, () => context.getContext()?.anonymous_id)).toBe("u_1");
  });
});
