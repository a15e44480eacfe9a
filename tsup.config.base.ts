import type { Options } from "tsup";

/**
 * The one tsup option set every package spreads: ESM + CJS + `.d.ts`, sourcemaps,
 * no minification (consumers' bundlers minify; readable stack traces for users).
 */
export const baseOptions: Options = {
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2020",
  splitting: false,
  treeshake: true,
  // Keep `node:` specifiers: Deno and edge bundlers need them to recognise builtins.
  removeNodeProtocol: false,
  outExtension({ format }) {
    return { js: format === "cjs" ? ".cjs" : ".js" };
  },
};
