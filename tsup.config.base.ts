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
  // ES2022 keeps class fields native: below it esbuild turns every field of every
  // per-request object (Delivery, the adapters' request objects) into a __defNormalProp
  // call. Node 18+, Bun, Deno and edge runtimes run ES2022; the browser builds
  // (@millimetric/track, react, next's client) contain no syntax it changes and come out
  // byte for byte as with ES2020 (track's size.test.ts holds the bundle to 1 800 B).
  target: "es2022",
  splitting: false,
  treeshake: true,
  // Keep `node:` specifiers: Deno and edge bundlers need them to recognise builtins.
  removeNodeProtocol: false,
  outExtension({ format }) {
    return { js: format === "cjs" ? ".cjs" : ".js" };
  },
};
