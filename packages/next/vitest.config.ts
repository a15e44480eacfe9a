import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.ts"],
    // Generous: the integration tests drive next start and Chromium on a shared 2-core machine.
    testTimeout: 60_000,
  },
});
