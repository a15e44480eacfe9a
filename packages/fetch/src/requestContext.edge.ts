import type { MillimetricContext } from "@millimetric/track-node";

/** The part of `AsyncLocalStorage` the request context needs. */
interface Storage {
  getStore(): MillimetricContext | undefined;
  run<T>(store: MillimetricContext, fn: () => T): T;
}

/** What track-node's `./context` keeps under the slot: its store, and a reader of it. */
interface ContextStore {
  getStore(): MillimetricContext | undefined;
  als?: Storage;
}

// track-node's slot (see its contextSlot.ts): the store registered here is the one
// track-node's client reads to fill ids, and the one its `./context` entry adopts if
// the app loads that too, so there is only ever one.
const CONTEXT_SLOT = Symbol.for("millimetric.context");
type Slot = { [CONTEXT_SLOT]?: ContextStore };

let found: Storage | null | undefined;

/**
 * The runtime's AsyncLocalStorage without a static `node:async_hooks` import, which would
 * fail to load where there is none (Cloudflare Workers without `nodejs_compat`): the global
 * one (Vercel Edge), else `process.getBuiltinModule` (Workers with `nodejs_compat`, Node
 * 20.16+), else none. `null` when the runtime lends none.
 */
function storage(): Storage | null {
  if (found !== undefined) return found;
  const slot = globalThis as Slot;
  if (slot[CONTEXT_SLOT]) return (found = slot[CONTEXT_SLOT].als ?? null);
  const g = globalThis as {
    AsyncLocalStorage?: new () => Storage;
    process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: new () => Storage } | undefined };
  };
  let Als = typeof g.AsyncLocalStorage === "function" ? g.AsyncLocalStorage : undefined;
  if (!Als) {
    try {
      Als = g.process?.getBuiltinModule?.("node:async_hooks")?.AsyncLocalStorage;
    } catch {
      // a runtime that has the function but refuses the module: no context
    }
  }
  if (typeof Als !== "function") return (found = null);
  const als = new Als();
  slot[CONTEXT_SLOT] = { als, getStore: () => als.getStore() };
  return (found = als);
}

/**
 * Runs `fn` with `context` as the current request's ids (nested scopes inherit what they
 * do not set), like track-node's `runWithContext`. Where the runtime has no
 * AsyncLocalStorage it just runs `fn`: use `millimetricOf(request)` there.
 *
 * @example
 * ```ts
 * runWithContext({ anonymous_id: aid }, () => handler(request));
 * ```
 */
export function runWithContext<T>(context: MillimetricContext, fn: () => T): T {
  const als = storage();
  if (!als) return fn();
  const parent = als.getStore();
  return als.run(parent ? { ...parent, ...context } : context, fn);
}

/**
 * The current request's context, or `undefined` outside any scope (and always, where the
 * runtime has no AsyncLocalStorage).
 *
 * @example
 * ```ts
 * const aid = getContext()?.anonymous_id;
 * ```
 */
export function getContext(): MillimetricContext | undefined {
  storage();
  return (globalThis as Slot)[CONTEXT_SLOT]?.getStore();
}

/** Whether a plain `track()` can see the current request on this runtime. */
export function hasAsyncContext(): boolean {
  return storage() !== null;
}
