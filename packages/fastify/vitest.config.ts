import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The packed fixture app is installed once per run and shared by the suites that need it.
    globalSetup: ["test/globalSetup.ts"],
    // Generous: real servers, two Node versions and a real ingest on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
