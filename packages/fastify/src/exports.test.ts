import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// Resolved at run time only: the built types must not merge with the sources' in tsc.
const pkg: string = "@millimetric/fastify";

describe("package exports", () => {
  it("the ESM and CJS builds expose the same public API; the default export is the plugin", async () => {
    const esm = await import(/* @vite-ignore */ pkg);
    const cjs = require(pkg);
    expect(Object.keys(esm).sort()).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "DEFAULT_HOST",
        "MillimetricClient",
        "MillimetricError",
        "default",
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
    const api = await import(/* @vite-ignore */ pkg);
    const trackNode = await import("@millimetric/track-node");
    const context = await import("@millimetric/track-node/context");
    expect(api.MillimetricClient).toBe(trackNode.MillimetricClient);
    expect(api.runWithContext({ anonymous_id: "u_1" }, () => context.getContext()?.anonymous_id)).toBe("u_1");
  });
});
