import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// @millimetric/core is a dependency, imported, not bundled: an app that uses an adapter
// (which imports core too) loads one copy of its rules, its MillimetricError and its
// warn-once memory, instead of one inside track-node and another beside it. `index` is the
// runtime-neutral main entry (fetch; no node:*), `index.node` the same API for Node
// (node:http keep-alive transport), chosen by the `node` export condition. `adapter` is the
// kit the framework adapters share; each entry is bundled on its own (no splitting), so it
// imports `@millimetric/track-node` by name (external) instead of carrying a second copy of
// the client and the default client.
export default defineConfig({
  ...baseOptions,
  entry: ["src/index.ts", "src/index.node.ts", "src/context.ts", "src/adapter.ts"],
  // Both main builds share one declaration file: the API is the same, and a single
  // MillimetricClient type means no two copies of it that do not assign to each other.
  dts: { entry: ["src/index.ts", "src/context.ts", "src/adapter.ts"] },
  platform: "neutral",
  // Resolves the package's own name to its sources for the declaration build (see the file).
  tsconfig: "tsconfig.build.json",
  external: ["@millimetric/track-node", "node:async_hooks", "node:http", "node:https"],
});
