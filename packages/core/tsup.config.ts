import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// Two entries over one set of modules: ESM shares them through chunks (one copy in a
// browser bundle that imports both); CJS has no chunks and repeats the shared modules in
// each entry, which holds no state that must be one per process (warnOnce and
// failInDevelopment are only in ./internal).
export default defineConfig({ ...baseOptions, entry: ["src/index.ts", "src/internal.ts"], splitting: true });
