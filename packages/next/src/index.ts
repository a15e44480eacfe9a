// Imported by proxy.ts/middleware.ts (Node or edge) and by the root layout (a Server
// Component): nothing here may touch the browser or node:* at module level, and the
// provider comes from the "use client" module so it stays a client reference.
export {
  withMillimetric,
  type WithMillimetricOptions,
  type MillimetricHandler,
  type MillimetricProxy,
  type ProxyResult,
} from "./withMillimetric";
export type { NextRelayOptions } from "./relayOptions";
export { MILLIMETRIC_MATCHER } from "./matcher";
export { MillimetricScript, type MillimetricScriptProps } from "./MillimetricScript";
export { MillimetricProvider, type MillimetricProviderProps } from "./client";
export { AID_COOKIE, ANONYMOUS_ID_HEADER, type AidCookieOptions } from "@millimetric/core";
