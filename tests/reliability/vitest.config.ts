import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // These tests load the machine on purpose; one file at a time keeps their figures honest.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
