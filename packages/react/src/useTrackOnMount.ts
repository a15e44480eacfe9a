import { useEffect, useRef } from "react";
import { useMillimetricApi } from "./useMillimetric";

/**
 * Tracks `event` once when the component mounts: once per mount, also under Strict Mode's
 * double effects. Later changes of `event` or `properties` do not track again.
 *
 * @throws Error when used outside <MillimetricProvider>, saying how to fix it.
 * @example
 * ```tsx
 * function Pricing() {
 *   useTrackOnMount("viewed_pricing", { variant: "b" });
 *   return <PricingTable />;
 * }
 * ```
 */
export function useTrackOnMount(event: string, properties?: Record<string, unknown>): void {
  const { track } = useMillimetricApi("useTrackOnMount()");
  // Strict Mode re-runs effects on the same fiber, and refs survive that: one event.
  const done = useRef(false);
  const latest = useRef({ event, properties });
  latest.current = { event, properties };
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    track(latest.current.event, latest.current.properties);
  }, [track]);
}
