import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

export default defineConfig([
  {
    ...baseOptions,
    entry: ["src/index.ts"],
    // core is bundled so users install one package; tree-shaking keeps only what we call.
    noExternal: ["@millimetric/core"],
    // Inline core's types too: users never install @millimetric/core.
    dts: { resolve: ["@millimetric/core"] },
    // Both configs build in parallel: never let this one wipe the script-tag build.
    clean: ["!a.js"],
  },
  {
    // The script-tag build: one minified IIFE that reads its own data-key.
    entry: { a: "src/a.ts" },
    format: ["iife"],
    platform: "browser",
    target: "es2020",
    minify: true,
    noExternal: ["@millimetric/core"],
    outExtension: () => ({ js: ".js" }),
    // A page has no bundler to say "production": refuse a bad key with a console error
    // and stay inert instead of throwing, so `window.mm` calls never break the page.
    define: { "process.env.NODE_ENV": '"production"' },
  },
]);
