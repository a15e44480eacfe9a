import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// Two entries over one set of modules: the JavaScript shares them through chunks (one copy
// in a bundle that imports both). The declarations are built one entry at a time, so each
// .d.ts stands alone: a shared declaration chunk would be a relative import that a package
// inlining core's types (the browser SDK) cannot carry along.
export default defineConfig([
  { ...baseOptions, entry: ["src/index.ts", "src/internal.ts"], splitting: true, dts: { entry: "src/index.ts" } },
  { ...baseOptions, entry: ["src/internal.ts"], dts: { only: true }, clean: false },
]);
