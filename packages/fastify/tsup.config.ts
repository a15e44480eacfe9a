import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// @millimetric/core and @millimetric/track-node stay external (dependencies): the request
// context lives in track-node's AsyncLocalStorage, which must be the one the user's own
// track-node imports see. fastify-plugin stays external too (a dependency shared with the
// app's other plugins).
export default defineConfig({
  ...baseOptions,
  entry: ["src/index.ts"],
  platform: "node",
});
