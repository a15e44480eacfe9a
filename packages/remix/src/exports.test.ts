import { readFileSync } from "node:fs";
import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { describe, expect, it } from "vitest";

// Resolved at run time only: the built types must not merge with the sources' in tsc.
const root: string = "@millimetric/remix";
const server: string = "@millimetric/remix/server";
const vite: string = "@millimetric/remix/vite";

describe("package exports", () => {
  it('"." (browser-safe) exposes the script component and the React client', async () => {
    expect(await publicApi(root)).toMatchInlineSnapshot(`
      [
        "ANONYMOUS_ID_HEADER",
        "MillimetricError",
        "MillimetricProvider",
        "MillimetricScript",
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

  it('"./server" exposes the loader/action helpers and the Node SDK', async () => {
    expect(await publicApi(server)).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "DEFAULT_HOST",
        "MillimetricClient",
        "MillimetricError",
        "existingClient",
        "flush",
        "flushOnExit",
        "getAidPayload",
        "getAnonymousId",
        "getClient",
        "getContext",
        "identify",
        "init",
        "lazyUserId",
        "millimetricHeaders",
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
  });

  it('"./vite" exposes the build-time guard, which imports nothing (not even vite)', async () => {
    expect(await publicApi(vite)).toMatchInlineSnapshot(`
      [
        "millimetricVite",
      ]
    `);
    for (const file of ["vite.js", "vite.cjs"]) {
      const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
      expect(code).not.toMatch(/\bimport\b[^;]*\bfrom\s*["']|\brequire\(["']/);
    }
  });

  it("frameworks are optional peers, so npm reports a version outside what the fixtures test", () => {
    // The fixture installs enforce these (npm refuses a present optional peer out of range):
    // react-router 7 and 8 apps, and Remix 2 apps, which carry react-router 6 themselves.
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(pkg.peerDependencies).toEqual({
      "@remix-run/node": "^2.0.0",
      react: "^18.2.0 || ^19.0.0",
      "react-router": "^6.16.0 || ^7.0.0 || ^8.0.0",
    });
    expect(pkg.peerDependenciesMeta).toEqual({ "@remix-run/node": { optional: true }, "react-router": { optional: true } });
  });

  it("no built file imports @remix-run/* or react-router (Web Request/Response only)", () => {
    for (const file of ["index.js", "index.cjs", "server.js", "server.cjs", "vite.js", "vite.cjs"]) {
      const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
      expect(code).not.toMatch(/["'](@remix-run\/|react-router)/);
    }
  });

  it('"." does not pull the server side (node:async_hooks) into browser bundles', () => {
    const code = readFileSync(new URL("../dist/index.js", import.meta.url), "utf8");
    expect(code).not.toMatch(/async_hooks|track-node/);
  });
});
