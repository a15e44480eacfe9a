import { readFileSync, writeFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// The root entry re-exports <MillimetricProvider> from the "use client" module. Keeping
// that import external (instead of bundling the client code into index) is what makes
// the provider a client reference when a Server Component layout imports the root.
const clientBoundary: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "millimetric-client-boundary",
  setup(build) {
    const ext = build.initialOptions.format === "cjs" ? ".cjs" : ".js";
    build.onResolve({ filter: /^\.\/client$/ }, () => ({ path: `./client${ext}`, external: true }));
  },
};

export default defineConfig({
  ...baseOptions,
  entry: { index: "src/index.ts", client: "src/client.tsx", server: "src/server.ts", "server.browser": "src/server.browser.ts", pages: "src/pages.ts" },
  // tsup's rollup tree-shaking pass strips module directives; esbuild alone keeps the
  // client entry's "use client" (and tree-shakes just as well).
  treeshake: false,
  external: ["next", "react", /^@millimetric\//],
  esbuildPlugins: [clientBoundary],
  // esbuild writes "use strict" before the directive in CJS; put "use client" first so
  // every tool that only looks at the first statement sees it.
  async onSuccess() {
    const file = new URL("./dist/client.cjs", import.meta.url);
    const code = readFileSync(file, "utf8");
    if (!code.startsWith('"use client";')) writeFileSync(file, '"use client";' + code);
  },
});
