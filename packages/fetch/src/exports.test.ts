import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { expectSharesTrackNode } from "@millimetric-internal/test-support/sharesTrackNode";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// Resolved at run time only: the built types must not merge with the sources' in tsc.
const pkg: string = "@millimetric/fetch";
const hono: string = "@millimetric/fetch/hono";
const edgeBuild = fileURLToPath(new URL("../dist/index.edge.js", import.meta.url));

describe("package exports", () => {
  it("the ESM, CJS and edge builds expose the same public API", async () => {
    expect(await publicApi(pkg, [edgeBuild])).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "DEFAULT_HOST",
        "MillimetricClient",
        "MillimetricError",
        "aidScript",
        "appendSetCookies",
        "createRequestScope",
        "existingClient",
        "findMillimetric",
        "flush",
        "flushOnExit",
        "getAnonymousId",
        "getClient",
        "getContext",
        "identify",
        "init",
        "lazyUserId",
        "millimetricOf",
        "runWithContext",
        "shutdown",
        "track",
        "withMillimetric",
      ]
    `);
  });

  it("the Hono entry exposes the middleware, in ESM and CJS", async () => {
    expect(Object.keys(await import(/* @vite-ignore */ hono))).toEqual(["millimetric"]);
    expect(Object.keys(require(hono))).toEqual(["millimetric"]);
  });

  it("the edge build (workerd, worker, edge-light) imports nothing of Node: it loads where there is no node:async_hooks", () => {
    const code = readFileSync(edgeBuild, "utf8");
    // Import statements start a line in the bundle (the doc comments' examples do not).
    const imports = new Set([...code.matchAll(/^(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\)/gm)].map((m) => m[1] ?? m[2]));
    expect([...imports].sort()).toEqual(["@millimetric/core", "@millimetric/core/internal", "@millimetric/track-node", "@millimetric/track-node/adapter"]);
    // Only a run-time lookup (process.getBuiltinModule), which a runtime without it survives.
    expect(code).not.toMatch(/(?:from|import\(|require\()\s*["']node:/);
  });

  it("shares track-node's client class and request context (one package to install)", async () => {
    const fetchApi = await import(/* @vite-ignore */ pkg);
    await expectSharesTrackNode(fetchApi);
    expect(fetchApi.runWithContext({ anonymous_id: "u_2" }, () => fetchApi.getAnonymousId())).toBe("u_2");
  });
});
