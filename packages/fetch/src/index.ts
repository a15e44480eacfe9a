export { withMillimetric, type FetchHandler } from "./withMillimetric";
export type { MillimetricFetchOptions } from "./MillimetricFetchOptions";
export type { RequestMillimetric, AidScriptOptions } from "@millimetric/track-node/adapter";
export type { WaitUntil } from "@millimetric/track-node/adapter";
export { track } from "./track";
export { identify } from "./identify";
export { getAnonymousId } from "./getAnonymousId";
export { aidScript } from "./aidScript";
export { millimetricOf } from "./millimetricOf";
export { flush } from "./flush";
export { shutdown } from "./shutdown";
// For adapters built on this package (the Hono entry, @millimetric/remix, hooks).
export { createRequestScope, type RequestScope, type EnteredRequest, type EnterOptions } from "./createRequestScope";
export { appendSetCookies } from "./appendSetCookies";
export { findMillimetric } from "./findMillimetric";
export { runWithContext, getContext } from "./requestContext";
// The base SDK, so an app installs and imports one package. The adapter's own
// track/identify (request-aware) and flush/shutdown (every client the wrappers use)
// shadow the SDK's: ES local exports win over `export *`.
export * from "@millimetric/track-node";
export { AID_COOKIE, ANONYMOUS_ID_HEADER, type AidCookieOptions, type AidPayload } from "@millimetric/core";
