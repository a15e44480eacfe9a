import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// Three entries: "." is safe in the browser bundle (component + client provider), "./server"
// holds the loader/action helpers (request context via track-node's AsyncLocalStorage),
// "./vite" the build-time guard vite.config.ts loads (Node, never bundled into the app).
// Everything is Web Request/Response: nothing imports @remix-run/* or react-router.
export default defineConfig({
  ...baseOptions,
  entry: ["src/index.ts", "src/server.ts", "src/vite.ts"],
  external: ["react", "react/jsx-runtime"],
});
