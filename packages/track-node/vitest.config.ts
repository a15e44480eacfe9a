import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Generous: these tests drive real HTTP servers (and a Chromium) on a loaded, shared
    // 2-core machine. Nothing asserts on wall time; a hang still fails, just later.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
