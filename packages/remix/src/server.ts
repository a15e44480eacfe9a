export { millimetricLoader, type MillimetricLoaderResult } from "./millimetricLoader";
export { withMillimetric } from "./withMillimetric";
export { millimetricMiddleware, type MillimetricMiddlewareFunction } from "./millimetricMiddleware";
export { millimetricRequestHandler } from "./millimetricRequestHandler";
export { millimetricLoadContext } from "./millimetricLoadContext";
export { getAnonymousId } from "./getAnonymousId";
export { getAidPayload } from "./getAidPayload";
export { millimetricHeaders, type HeadersArgsLike } from "./millimetricHeaders";
export { track } from "./track";
export { identify } from "./identify";
export type { MillimetricRemixOptions, DataFunctionArgsLike } from "./MillimetricRemixOptions";
export type { DataWithInit } from "./DataWithInit";
export type { WaitUntil } from "@millimetric/track-node/adapter";
// The base SDK, so a Remix/React Router app installs and imports one package. The adapter's own
// track/identify (request-aware) shadow the SDK's: ES local exports win over `export *`.
export * from "@millimetric/track-node";
export { runWithContext, getContext } from "@millimetric/track-node/context";
export { AID_COOKIE, ANONYMOUS_ID_HEADER, type AidCookieOptions, type AidPayload } from "@millimetric/core";
