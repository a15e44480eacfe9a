import { getContext, runWithContext } from "@millimetric/track-node/context";

// Node, Bun and Deno: track-node's AsyncLocalStorage (a static `node:async_hooks` import),
// the very store the app's own track-node imports read.
export { getContext, runWithContext };

/** Whether a plain `track()` can see the current request here: always, with AsyncLocalStorage. */
export function hasAsyncContext(): boolean {
  return true;
}
