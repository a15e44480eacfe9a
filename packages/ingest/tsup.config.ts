import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

// One config for both entries (two configs would race on `clean`). `shims` gives the
// CJS build an import.meta.url, so a.js resolves from this package's location.
export default defineConfig({ ...baseOptions, entry: ["src/index.ts", "src/cli.ts"], shims: true });
