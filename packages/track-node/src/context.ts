import { AsyncLocalStorage } from "node:async_hooks";
import { CONTEXT_SLOT, currentContext, type ContextStore } from "./contextSlot";
import type { MillimetricContext } from "./MillimetricContext";

type Slot = { [CONTEXT_SLOT]?: ContextStore & { als?: AsyncLocalStorage<MillimetricContext> } };
const slot = globalThis as Slot;
const als: AsyncLocalStorage<MillimetricContext> = (slot[CONTEXT_SLOT] ??= (() => {
  const store = new AsyncLocalStorage<MillimetricContext>();
  return { als: store, getStore: () => store.getStore() };
})()).als!;

/**
 * Runs `fn` with `context` as the current request's ids: every `track()` below it —
 * after `await`s, in callbacks and promise chains — fills `anonymous_id` and `user_id`
 * from it when the event has none. Nested scopes inherit the fields they do not set.
 *
 * @example
 * ```ts
 * import { runWithContext } from "@millimetric/track-node/context";
 * runWithContext({ anonymous_id: aid, user_id: () => req.user?.id }, () => next());
 * ```
 */
export function runWithContext<T>(context: MillimetricContext, fn: () => T): T {
  const parent = als.getStore();
  return als.run(parent ? { ...parent, ...context } : context, fn);
}

/**
 * The current request's context, or `undefined` outside any `runWithContext` scope.
 *
 * @example
 * ```ts
 * const aid = getContext()?.anonymous_id;
 * ```
 */
export function getContext(): MillimetricContext | undefined {
  return currentContext();
}

export type { MillimetricContext };
