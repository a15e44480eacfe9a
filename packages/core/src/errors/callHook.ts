const ignore = (): void => {};

/**
 * Calls an app's hook (`onError`, `onDelivery`) so that nothing it does reaches the
 * caller: a throw is swallowed, and a returned promise that rejects is caught, since an
 * unhandled rejection ends a Node process. A broken logger must never break delivery.
 *
 * @example
 * ```ts
 * callHook(options.onDelivery, { type: "delivered", count: 1000, status: 202 });
 * ```
 */
export function callHook<T>(hook: ((arg: T) => unknown) | undefined, arg: T): void {
  if (!hook) return;
  try {
    const returned: unknown = hook(arg);
    if (typeof (returned as PromiseLike<unknown> | undefined)?.then === "function") (returned as PromiseLike<unknown>).then(undefined, ignore);
  } catch {
    // a throwing hook is the app's bug, not a reason to stop sending
  }
}
