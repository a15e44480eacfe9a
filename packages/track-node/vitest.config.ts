import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Generous: these tests drive real HTTP servers (and a Chromium) on a loaded, shared
// 2-core machine. Nothing asserts on wall time; a hang still fails, just later.
const timeouts = { testTimeout: 60_000, hookTimeout: 60_000 };
const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));
// The ./adapter entry imports the package by name, as it does once built: in the tests that
// name is the sources of the main entry each project runs, so there is one client class.
const packageName = (entry: string) => ({ find: /^@millimetric\/track-node$/, replacement: src(entry) });

export default defineConfig({
  test: {
    projects: [
      // The main entry: delivery through fetch (edge runtimes, Bun, Deno, `fetch` passed).
      { test: { name: "fetch", ...timeouts }, resolve: { alias: [packageName("index.ts")] } },
      // Every suite again through the Node entry, whose clients send with node:http and a
      // keep-alive agent: the same delivery guarantees over the other transport.
      {
        test: { name: "node-http", ...timeouts, exclude: ["**/node_modules/**", "test/nodeEntry.test.ts"] },
        resolve: {
          alias: [{ find: /^\.\.\/src\/index$/, replacement: src("index.node.ts") }, packageName("index.node.ts")],
        },
      },
    ],
  },
});
