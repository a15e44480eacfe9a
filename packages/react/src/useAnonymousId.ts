import { useMillimetricContext } from "./MillimetricContext";

/**
 * This browser's anonymous id, re-rendering when it changes through `reset`, `identify`
 * or `setAnonymousId` (from the hooks or this package). `undefined` during server
 * rendering and the first client render, so hydration always matches.
 *
 * @throws Error when used outside <MillimetricProvider>, saying how to fix it.
 * @example
 * ```tsx
 * const aid = useAnonymousId();
 * await fetch("/api/signup", { method: "POST", body: JSON.stringify({ email, anonymous_id: aid }) });
 * ```
 */
export function useAnonymousId(): string | undefined {
  return useMillimetricContext("useAnonymousId()").anonymousId;
}
