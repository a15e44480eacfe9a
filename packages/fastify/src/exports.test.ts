import { createRequire } from "node:module";
import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { expectSharesTrackNode } from "@millimetric-internal/test-support/sharesTrackNode";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// Resolved at run time only: the built types must not merge with the sources' in tsc.
const pkg: string = "@millimetric/fastify";

describe("package exports", () => {
  it("the ESM and CJS builds expose the same public API; the default export is the plugin", async () => {
    expect(await publicApi(pkg)).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "DEFAULT_HOST",
        "MillimetricClient",
        "MillimetricError",
        "default",
        "existingClient",
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
    const [esm, cjs] = [await import(/* @vite-ignore */ pkg), require(pkg)];
    expect(esm.default).toBe(esm.millimetric);
    expect(cjs.default).toBe(cjs.millimetric);
  });

  it("carries fastify-plugin's metadata: not encapsulated, named, for Fastify 5", async () => {
    const { default: plugin } = await import(/* @vite-ignore */ pkg);
    expect(plugin[Symbol.for("skip-override")]).toBe(true);
    expect(plugin[Symbol.for("plugin-meta")]).toMatchObject({ name: "@millimetric/fastify", fastify: "5.x" });
  });

  it("registers from CommonJS as the module itself: app.register(require('@millimetric/fastify'))", async () => {
    const fastify = require("fastify");
    const app = fastify();
    await app.register(require(pkg));
    await app.ready();
    expect(typeof app.millimetric.track).toBe("function");
    await app.close();
  });

  it("shares track-node's client class and request context (one package to install)", async () => {
    await expectSharesTrackNode(await import(/* @vite-ignore */ pkg));
  });
});
