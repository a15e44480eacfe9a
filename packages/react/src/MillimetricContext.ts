import { MillimetricError } from "@millimetric/track";
import { createContext, useContext } from "react";

/** What <MillimetricProvider> shares with the hooks. Internal. */
export interface MillimetricContextValue {
  /** Starts the browser SDK once; false on the server or when it cannot start. */
  ready(): boolean;
  /** The anonymous id once the SDK runs; undefined on the server and the first client render. */
  anonymousId: string | undefined;
}

export const MillimetricContext = createContext<MillimetricContextValue | null>(null);

/** The provider's value, or an error (code `missing_provider`) that says how to fix a missing provider. */
export function useMillimetricContext(hook: string): MillimetricContextValue {
  const ctx = useContext(MillimetricContext);
  if (!ctx) {
    throw new MillimetricError(
      "missing_provider",
      `[millimetric] ${hook} must be used inside <MillimetricProvider>: wrap your root layout (or app root) in ` +
        `<MillimetricProvider apiKey="pk_…">{children}</MillimetricProvider>.`,
    );
  }
  return ctx;
}
