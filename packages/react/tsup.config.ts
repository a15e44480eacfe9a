import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

export default defineConfig({
  ...baseOptions,
  entry: ["src/index.ts"],
  // tsup's rollup tree-shaking pass strips module directives; esbuild alone keeps the
  // entry's "use client" as the first statement, which React Server Components need.
  treeshake: false,
  external: ["react", "@millimetric/track"],
  banner: ({ format }) => (format === "cjs" ? { js: "\"use client\";" } : undefined),
});
