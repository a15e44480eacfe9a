import { MillimetricError } from "@millimetric/core";
import { findExposedSecretKeys } from "./findExposedSecretKeys";

/** Options of {@link millimetricVite}. */
export interface MillimetricViteOptions {
  /**
   * Also check while `vite dev` starts, not only in `vite build`: a secret key in a
   * client variable is served to every browser that opens the dev server too.
   * @default true
   * @example millimetricVite({ dev: false }) // check builds only
   */
  dev?: boolean;
}

/**
 * The part of Vite's resolved config the plugin reads; declared here so the plugin fits
 * every Vite version's `Plugin` type (5 to 8) without importing one of them.
 */
export interface MillimetricViteConfig {
  /** The variables Vite exposes to client code as `import.meta.env` (its `envPrefix` ones). */
  env: Record<string, unknown>;
  /** `"build"` or `"serve"`. */
  command: string;
  /** Vite's `envPrefix`, named in the error. */
  envPrefix?: string | string[];
}

/** A Vite plugin (structurally: `name` and a `configResolved` hook). */
export interface MillimetricVitePlugin {
  name: string;
  enforce: "pre";
  configResolved(config: MillimetricViteConfig): void;
}

/**
 * A Vite plugin that fails the build when a variable Vite exposes to the browser
 * (`VITE_*`, or whatever `envPrefix` says) holds a secret Millimetric key (`sk_`, `rk_`
 * or `ak_`): Vite inlines those variables into the client bundle, where anyone can read
 * them. The error names the variables and never prints a key.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { reactRouter } from "@react-router/dev/vite";
 * import { millimetricVite } from "@millimetric/remix/vite";
 * import { defineConfig } from "vite";
 *
 * export default defineConfig({ plugins: [millimetricVite(), reactRouter()] });
 * ```
 */
export function millimetricVite(options: MillimetricViteOptions = {}): MillimetricVitePlugin {
  return {
    name: "millimetric:no-secret-key-in-client-env",
    enforce: "pre",
    configResolved(config) {
      if (config.command !== "build" && options.dev === false) return;
      const found = findExposedSecretKeys(config.env ?? {});
      if (found.length === 0) return;
      const prefixList = [config.envPrefix ?? "VITE_"].flat();
      const prefixes = prefixList.join(", ");
      // Where the public key goes, with this app's client prefix (VITE_ unless changed).
      const publicKey = `${prefixList[0] ?? "VITE_"}MILLIMETRIC_KEY`;
      const names = found.map((f) => `${f.name} (${f.kind}_…)`).join(", ");
      throw new MillimetricError(
        "invalid_key",
        `[millimetric] ${names}: a secret Millimetric key in a client variable, and Vite bundles every ${prefixes} variable into the browser code. ` +
          `Rotate the key now (treat it as leaked: it may already be in a build or a deployed bundle). ` +
          `Keep secret keys on the server only, in MILLIMETRIC_SECRET_KEY (no ${prefixes} prefix), and give the browser your public pk_ key: ` +
          `${publicKey}=pk_…, read by <MillimetricProvider apiKey={import.meta.env.${publicKey}}>.`,
      );
    },
  };
}
