import { defineConfig, type Options } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// The request context is the one runtime-specific part: `requestContext.node.ts` binds
// track-node's AsyncLocalStorage (a static `node:async_hooks` import: Node, Bun, Deno),
// `requestContext.edge.ts` finds one at run time where the runtime lends it (Workers with
// nodejs_compat, Vercel Edge) and runs without one elsewhere. Sources import the neutral
// "./requestContext"; each build picks its variant, and package.json's `exports`
// conditions pick the build.
const contextVariant = (variant: "node" | "edge"): NonNullable<Options["esbuildPlugins"]>[number] => ({
  name: `millimetric-request-context-${variant}`,
  setup(build) {
    build.onResolve({ filter: /^\.\/requestContext$/ }, (args) => ({ path: `${args.resolveDir}/requestContext.${variant}.ts` }));
  },
});

// @millimetric/core and @millimetric/track-node stay external (dependencies): the request
// context and the default client live in track-node, which must be the copy the app's own
// track-node imports see. The Hono entry imports this package by name, so the Hono
// middleware and withMillimetric share one module state (and the runtime's condition picks
// the node or the edge build under it).
export default defineConfig([
  {
    ...baseOptions,
    entry: { index: "src/index.ts", hono: "src/hono.ts" },
    platform: "neutral",
    external: ["@millimetric/fetch", "hono"],
    // Both builds run at once: this one's clean must not remove the other's output.
    clean: ["!index.edge.js", "!index.edge.js.map"],
    esbuildPlugins: [contextVariant("node")],
  },
  {
    ...baseOptions,
    entry: { "index.edge": "src/index.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    platform: "neutral",
    esbuildPlugins: [contextVariant("edge")],
  },
]);
