import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.ts"],
    // Generous: the integration suites install, build and serve apps and drive Chromium on a
    // shared 2-core machine (their beforeAll hooks set their own, longer limits).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
