import "./expressAugmentation";

export { millimetric, type MillimetricMiddleware } from "./millimetric";
export { millimetricRelay } from "./millimetricRelay";
export type { MillimetricRelayOptions } from "./MillimetricRelayOptions";
export type { MillimetricExpressOptions, MillimetricRequest, MillimetricResponse } from "./MillimetricExpressOptions";
export type { SourceFlushOnExitOptions as FlushOnExitOptions } from "@millimetric/track-node/adapter";
export type { RequestMillimetric, AidScriptOptions } from "@millimetric/track-node/adapter";
/** @deprecated `res.locals.millimetric` is the same `RequestMillimetric` as `req.millimetric`. */
export type { RequestMillimetric as LocalsMillimetric } from "@millimetric/track-node/adapter";
export { track } from "./track";
export { identify } from "./identify";
export { flush } from "./flush";
export { shutdown } from "./shutdown";
// The base SDK, so an Express app installs and imports one package (flushOnExit() included,
// for clients of the app's own; the middleware's `flushOnExit` option covers its client).
// The adapter's own track/identify (request-aware) and flush/shutdown (every client the
// middlewares use) shadow the SDK's: ES local exports win over `export *`.
export * from "@millimetric/track-node";
export { runWithContext, getContext } from "@millimetric/track-node/context";
export { AID_COOKIE, ANONYMOUS_ID_HEADER, type AidCookieOptions, type AidPayload } from "@millimetric/core";
