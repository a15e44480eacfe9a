import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// core is bundled so users install one package with zero runtime dependencies.
export default defineConfig({
  ...baseOptions,
  entry: ["src/index.ts", "src/context.ts"],
  noExternal: ["@millimetric/core"],
  platform: "neutral",
  external: ["node:async_hooks"],
});
