import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// Three entries: "." is safe in the browser bundle (component + client provider), "./server"
// holds the loader/action helpers (request context via track-node's AsyncLocalStorage),
// "./vite" the build-time guard vite.config.ts loads (Node, never bundled into the app).
// Everything is Web Request/Response: nothing imports @remix-run/* or react-router.
export default defineConfig([
  {
    ...baseOptions,
    entry: ["src/index.ts", "src/server.ts"],
    // The vite entry's types come from here: the second config only bundles its JS.
    dts: { entry: ["src/index.ts", "src/server.ts", "src/vite.ts"] },
    external: ["react", "react/jsx-runtime"],
    // Both configs build in parallel: never let this one wipe the vite entry's JS.
    clean: ["!vite.js", "!vite.cjs", "!vite.js.map", "!vite.cjs.map"],
  },
  {
    ...baseOptions,
    // vite.config.ts loads this guard in Node before anything is installed for the app's
    // build: it imports nothing, so core's MillimetricError (the one class it throws) is
    // bundled in (instanceof still holds: core's class checks a brand, not the prototype).
    entry: ["src/vite.ts"],
    noExternal: ["@millimetric/core"],
    dts: false,
    clean: false,
  },
]);
