import type { StartConfig } from "./startSdk";

/**
 * The props of the `<MillimetricProvider>` that rendered last in this browser, recorded
 * while it renders (never on the server), so code outside components can start the SDK
 * with them before the provider's own effect has run: its children's effects, render-time
 * fetches and data libraries run first. Internal.
 */
export let latestProvider: { current: StartConfig } | undefined;

/**
 * Records the rendering provider's props (its ref, which holds the latest ones). Browser
 * only: on the server a module-level value would outlive the request.
 *
 * @example rememberProvider(config) // in MillimetricProvider's render
 */
export function rememberProvider(config: { current: StartConfig }): void {
  if (typeof window !== "undefined") latestProvider = config;
}
