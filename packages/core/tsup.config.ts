import { defineConfig } from "tsup";
import { baseOptions } from "../../tsup.config.base";

export default defineConfig({ ...baseOptions, entry: ["src/index.ts"] });
