import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// core is bundled so users install one package with zero runtime dependencies. `index`
// is the runtime-neutral main entry (fetch; no node:*), `index.node` the same API for Node
// (node:http keep-alive transport), chosen by the `node` export condition.
export default defineConfig({
  ...baseOptions,
  entry: ["src/index.ts", "src/index.node.ts", "src/context.ts"],
  // Both main builds share one declaration file: the API is the same, and a single
  // MillimetricClient type means no two copies of it that do not assign to each other.
  dts: { entry: ["src/index.ts", "src/context.ts"] },
  noExternal: ["@millimetric/core"],
  platform: "neutral",
  external: ["node:async_hooks", "node:http", "node:https"],
});
