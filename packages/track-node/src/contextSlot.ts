import type { MillimetricContext } from "./MillimetricContext";

/**
 * Where `./context` registers its AsyncLocalStorage. A global symbol (not a module
 * variable) so the ESM and CJS copies of this package, or two versions of it, share
 * one store; so `./context`, bundled apart from the main entry, reaches the client; and
 * so the main entry needs no `node:*` import on edge runtimes (@millimetric/fetch's edge
 * build registers the runtime's own AsyncLocalStorage here).
 */
export const CONTEXT_SLOT = Symbol.for("millimetric.context");

/** What `./context` puts in the slot. */
export interface ContextStore {
  getStore(): MillimetricContext | undefined;
}

/** The current request's context, when `./context` is loaded and a scope is active. */
export function currentContext(): MillimetricContext | undefined {
  return (globalThis as { [CONTEXT_SLOT]?: ContextStore })[CONTEXT_SLOT]?.getStore();
}
