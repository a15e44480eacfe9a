import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Generous: CI is a loaded 2-core machine; the tests assert outcomes, never wall time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
