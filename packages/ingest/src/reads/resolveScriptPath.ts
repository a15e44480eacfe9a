import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Where the browser SDK's script-tag build lives: `@millimetric/track`'s `./a.js`
 * export (its `dist/a.js`), resolved from this package. Resolved on every request so
 * a build of the SDK made after the server started is picked up. Undefined when the
 * package is not installed.
 *
 * @example
 * ```ts
 * resolveScriptPath() // "/…/node_modules/@millimetric/track/dist/a.js"
 * ```
 */
export function resolveScriptPath(): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve("@millimetric/track/a.js");
  } catch {
    // not built yet (exports targets must exist) or no such export: try the package itself
  }
  try {
    return join(dirname(require.resolve("@millimetric/track/package.json")), "dist", "a.js");
  } catch {
    return undefined;
  }
}
