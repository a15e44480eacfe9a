"use client";
import {
  MillimetricProvider as ReactMillimetricProvider,
  type MillimetricProviderProps as ReactMillimetricProviderProps,
} from "@millimetric/react";
import { MillimetricError } from "@millimetric/core";
import { keyKind } from "@millimetric/core/internal";
import type { ReactNode } from "react";
import { relayHost } from "./relayHost";

/** Props of the Next.js {@link MillimetricProvider}: `apiKey` and `host` come from the environment. */
export interface MillimetricProviderProps extends Omit<ReactMillimetricProviderProps, "apiKey"> {
  /**
   * Your project's browser key (`pk_…`). A secret `sk_` key is refused with an error.
   * @default process.env.NEXT_PUBLIC_MILLIMETRIC_KEY
   * @example <MillimetricProvider apiKey="pk_live_f6589a94_…">
   */
  apiKey?: string;
  /**
   * Where browser events go. With `withMillimetric({ relay })` on, the proxy's `mm_relay`
   * cookie makes the default the app's own origin plus the relay's path (`/_mm`), unless
   * this prop or `options.host` says otherwise.
   * @default location.origin + the relay path when the mm_relay cookie is set, else process.env.NEXT_PUBLIC_MILLIMETRIC_HOST, else "https://api.millimetric.ai"
   * @example <MillimetricProvider host="http://localhost:8787">
   */
  host?: string;
}

/**
 * `@millimetric/react`'s provider with Next.js defaults: the key and host come from
 * `NEXT_PUBLIC_MILLIMETRIC_KEY` and `NEXT_PUBLIC_MILLIMETRIC_HOST` (inlined at build
 * time), and the visitor id from the aid cookie withMillimetric() set (or a window.__aid script) is adopted. Renders only its children.
 *
 * @example
 * ```tsx
 * <body><MillimetricProvider>{children}</MillimetricProvider></body>
 * ```
 */
export function MillimetricProvider({ apiKey, host, ...props }: MillimetricProviderProps): ReactNode {
  // Literal process.env reads: Next inlines NEXT_PUBLIC_* variables only when written out.
  const key = apiKey ?? process.env.NEXT_PUBLIC_MILLIMETRIC_KEY;
  refuseSecretKey(key, apiKey === undefined);
  return (
    <ReactMillimetricProvider
      {...props}
      apiKey={key!}
      host={host ?? props.options?.host ?? relayHost() ?? process.env.NEXT_PUBLIC_MILLIMETRIC_HOST}
    />
  );
}

/**
 * A secret key in client code is already in the browser bundle Next is building: fail the
 * server render, which `next build` does for every prerendered page (`/_not-found` at
 * least, under the root layout), so the build stops before that bundle ships.
 */
function refuseSecretKey(key: string | undefined, fromEnv: boolean): void {
  if (typeof window !== "undefined" || key === undefined || keyKind(key) === "pk" || keyKind(key) === undefined) return;
  const where = fromEnv ? "NEXT_PUBLIC_MILLIMETRIC_KEY" : "the apiKey prop of <MillimetricProvider>";
  throw new MillimetricError(
    "invalid_key",
    `[millimetric] ${where} holds a secret ${keyKind(key)}_ key, and Next.js puts every NEXT_PUBLIC_ value and client prop in the browser bundle. ` +
      "Rotate that key now (it may already be in a build), put the browser key (pk_…) in NEXT_PUBLIC_MILLIMETRIC_KEY, " +
      "and the secret key in MILLIMETRIC_SECRET_KEY (server only, no NEXT_PUBLIC_ prefix).",
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
