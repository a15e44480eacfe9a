import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MillimetricError } from "@millimetric/core";
import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { describe, expect, it, vi } from "vitest";

// Checks the built package (run `npm run build` first), the way users receive it.
const distPath = (f: string) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
const dist = (f: string) => readFileSync(distPath(f), "utf8");

describe("built @millimetric/next", () => {
  it.each(["client.js", "client.cjs"])('%s starts with "use client"', (file) => {
    expect(dist(file).startsWith('"use client";')).toBe(true);
  });

  it("keeps the provider a client reference in the root entry (imported, not bundled)", () => {
    expect(dist("index.js")).toContain('from "./client.js"');
    expect(dist("index.cjs")).toContain('require("./client.cjs")');
    for (const file of ["index.js", "index.cjs"]) {
      expect(dist(file)).not.toMatch(/use client|@millimetric\/react|useState|NEXT_PUBLIC_/);
    }
  });

  it("reads the public env vars literally in the client entry, so Next inlines them", () => {
    expect(dist("client.js")).toContain("process.env.NEXT_PUBLIC_MILLIMETRIC_KEY");
    expect(dist("client.js")).toContain("process.env.NEXT_PUBLIC_MILLIMETRIC_HOST");
    expect(dist("server.js")).toContain("process.env.MILLIMETRIC_SECRET_KEY");
  });

  it("resolves /server to an error with the fix in client bundles, and to the helpers in server code", async () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"));
    const server = pkg.exports["./server"];
    // Conditions match in key order: every server layer (react-server, edge-light,
    // worker) before "browser", which only client bundles reach.
    expect(Object.keys(server)).toEqual(["react-server", "edge-light", "worker", "browser", "import", "require"]);
    expect(server.browser.default).toBe("./dist/server.browser.js");
    for (const c of ["react-server", "edge-light", "worker"]) expect(server[c].import.default).toBe("./dist/server.js");
    const browserEntry = import(distPath("server.browser.js"));
    await expect(browserEntry).rejects.toThrow(/imported from client code.*@millimetric\/next\/pages/s);
    await expect(browserEntry).rejects.toSatisfy((err) => err instanceof MillimetricError && err.code === "wrong_environment");
    expect(dist("server.js")).not.toContain("server-only");
  });

  it.each(["server.js", "pages.js"])("%s bundles for the edge runtime with no node:* module and no setImmediate", async (file) => {
    const result = await build({
      entryPoints: [distPath(file)],
      bundle: true,
      write: false,
      metafile: true,
      platform: "neutral",
      format: "esm",
      conditions: ["edge-light", "worker", "browser", "import"],
      mainFields: ["module", "main"],
      external: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes("track-node/dist/"))).toBe(true);
    expect(inputs.filter((i) => i.startsWith("node:"))).toEqual([]);
    // The edge runtime defines setImmediate as a stub that throws, and Next warns on the name.
    expect(result.outputFiles[0]!.text).not.toMatch(/setImmediate/);
  });

  it("the Pages Router entry needs no App Router module (next/headers, next/navigation)", () => {
    for (const file of ["pages.js", "pages.cjs"]) expect(dist(file)).not.toMatch(/next\/(headers|navigation)/);
  });

  it("the root entry, used by middleware on the edge runtime, reaches no node:* module", async () => {
    // Bundle it as an edge runtime would, with every @millimetric package included:
    // platform "neutral" fails on any Node built-in.
    const result = await build({
      entryPoints: [distPath("index.js")],
      bundle: true,
      write: false,
      metafile: true,
      platform: "neutral",
      format: "esm",
      conditions: ["edge-light", "worker", "browser", "import"],
      mainFields: ["module", "main"],
      external: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    // @millimetric/core and the browser SDK are in the bundle (and were checked)...
    expect(inputs.some((i) => i.includes("core/dist/"))).toBe(true);
    expect(inputs.some((i) => i.includes("track/dist/"))).toBe(true);
    expect(inputs.filter((i) => i.startsWith("node:") || /(^|\/)node_modules\/(fs|path|crypto)\//.test(i))).toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports.filter((p) => p.startsWith("node:"))).toEqual([]);
  });

  it("exports snapshot: @millimetric/next", async () => {
    expect(await publicApi("@millimetric/next")).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "MILLIMETRIC_MATCHER",
        "MillimetricProvider",
        "MillimetricScript",
        "withMillimetric",
      ]
    `);
  });

  it("exports snapshot: @millimetric/next/client", async () => {
    expect(await publicApi("@millimetric/next/client")).toMatchInlineSnapshot(`
      [
        "MillimetricProvider",
        "flush",
        "getAnonymousId",
        "identify",
        "init",
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

  it("exports snapshot: @millimetric/next/server", async () => {
    expect(Object.keys(await import("@millimetric/next/server")).sort()).toMatchInlineSnapshot(`
      [
        "MillimetricClient",
        "MillimetricError",
        "configureMillimetric",
        "flush",
        "getAnonymousId",
        "identify",
        "track",
      ]
    `);
  });

  it("exports snapshot: @millimetric/next/pages", async () => {
    expect(await publicApi("@millimetric/next/pages")).toMatchInlineSnapshot(`
      [
        "MillimetricClient",
        "MillimetricError",
        "configureMillimetric",
        "flush",
        "getAnonymousId",
        "identify",
        "track",
      ]
    `);
  });
});
