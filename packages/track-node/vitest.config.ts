import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Generous: these tests drive real HTTP servers (and a Chromium) on a loaded, shared
// 2-core machine. Nothing asserts on wall time; a hang still fails, just later.
const timeouts = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      // The main entry: delivery through fetch (edge runtimes, Bun, Deno, `fetch` passed).
      { test: { name: "fetch", ...timeouts } },
      // Every suite again through the Node entry, whose clients send with node:http and a
      // keep-alive agent: the same delivery guarantees over the other transport.
      {
        test: { name: "node-http", ...timeouts, exclude: ["**/node_modules/**", "test/nodeEntry.test.ts"] },
        resolve: {
          alias: [{ find: /^\.\.\/src\/index$/, replacement: fileURLToPath(new URL("./src/index.node.ts", import.meta.url)) }],
        },
      },
    ],
  },
});
