"use client";
import {
  MillimetricProvider as ReactMillimetricProvider,
  type MillimetricProviderProps as ReactMillimetricProviderProps,
} from "@millimetric/react";
import type { ReactNode } from "react";

/** Props of the Next.js {@link MillimetricProvider}: `apiKey` and `host` come from the environment. */
export interface MillimetricProviderProps extends Omit<ReactMillimetricProviderProps, "apiKey"> {
  /**
   * Your project's browser key (`pk_…`). A secret `sk_` key is refused with an error.
   * @default process.env.NEXT_PUBLIC_MILLIMETRIC_KEY
   * @example <MillimetricProvider apiKey="pk_live_f6589a94_…">
   */
  apiKey?: string;
  /**
   * Where browser events go.
   * @default process.env.NEXT_PUBLIC_MILLIMETRIC_HOST, else "https://api.millimetric.ai"
   * @example <MillimetricProvider host="http://localhost:8787">
   */
  host?: string;
}

/**
 * `@millimetric/react`'s provider with Next.js defaults: the key and host come from
 * `NEXT_PUBLIC_MILLIMETRIC_KEY` and `NEXT_PUBLIC_MILLIMETRIC_HOST` (inlined at build
 * time), and the id <MillimetricScript> injected is adopted. Renders only its children.
 *
 * @example
 * ```tsx
 * <body><MillimetricProvider>{children}</MillimetricProvider></body>
 * ```
 */
export function MillimetricProvider({ apiKey, host, ...props }: MillimetricProviderProps): ReactNode {
  return (
    <ReactMillimetricProvider
      {...props}
      // Literal process.env reads: Next inlines NEXT_PUBLIC_* variables only when written out.
      apiKey={(apiKey ?? process.env.NEXT_PUBLIC_MILLIMETRIC_KEY)!}
      host={host ?? process.env.NEXT_PUBLIC_MILLIMETRIC_HOST}
    />
  );
}

// Named re-exports: a "use client" module cannot `export *`.
export {
  useMillimetric,
  useAnonymousId,
  useTrackOnMount,
  init,
  track,
  identify,
  page,
  flush,
  reset,
  getAnonymousId,
  setAnonymousId,
  type MillimetricApi,
  type InitOptions,
  type AidPayload,
} from "@millimetric/react";
