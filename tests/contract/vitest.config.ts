import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One table in one file: the columns run one after the other (a 2-core machine shared with the rest of the suite).
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
