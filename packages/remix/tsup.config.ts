import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// Two entries: "." is safe in the browser bundle (component + client provider), "./server"
// holds the loader/action helpers (request context via track-node's AsyncLocalStorage).
// Everything is Web Request/Response: nothing imports @remix-run/* or react-router.
export default defineConfig({
  ...baseOptions,
  entry: ["src/index.ts", "src/server.ts"],
  external: ["react", "react/jsx-runtime"],
});
