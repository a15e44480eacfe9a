import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    testTimeout: 60_000,
    // Inline the browser SDK so vi.resetModules() gives each test a fresh SDK instance.
    server: { deps: { inline: ["@millimetric/track"] } },
  },
});
