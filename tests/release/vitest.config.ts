import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Generous: the suite packs ten packages and, on a fresh machine, installs the Node 24
    // the changesets CLI needs. Nothing asserts on wall time; a hang still fails, just later.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
