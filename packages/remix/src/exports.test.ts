import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// Resolved at run time only: the built types must not merge with the sources' in tsc.
const root: string = "@millimetric/remix";
const server: string = "@millimetric/remix/server";

describe("package exports", () => {
  it('"." (browser-safe) exposes the script component and the React client', async () => {
    const esm = await import(/* @vite-ignore */ root);
    expect(Object.keys(esm).sort()).toMatchInlineSnapshot(`
      [
        "MillimetricProvider",
        "MillimetricScript",
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
    expect(Object.keys(require(root)).sort()).toEqual(Object.keys(esm).sort());
  });

  it('"./server" exposes the loader/action helpers and the Node SDK', async () => {
    const esm = await import(/* @vite-ignore */ server);
    expect(Object.keys(esm).sort()).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "DEFAULT_HOST",
        "MillimetricClient",
        "MillimetricError",
        "flush",
        "getAnonymousId",
        "getClient",
        "getContext",
        "identify",
        "init",
        "lazyUserId",
        "millimetricLoadContext",
        "millimetricLoader",
        "millimetricMiddleware",
        "millimetricRequestHandler",
        "runWithContext",
        "shutdown",
        "track",
        "withMillimetric",
      ]
    `);
    expect(Object.keys(require(server)).sort()).toEqual(Object.keys(esm).sort());
  });

  it("no built file imports @remix-run/* or react-router (Web Request/Response only)", () => {
    for (const file of ["index.js", "index.cjs", "server.js", "server.cjs"]) {
      const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
      expect(code).not.toMatch(/["'](@remix-run\/|react-router)/);
    }
  });

  it('"." does not pull the server side (node:async_hooks) into browser bundles', () => {
    const code = readFileSync(new URL("../dist/index.js", import.meta.url), "utf8");
    expect(code).not.toMatch(/async_hooks|track-node/);
  });
});
