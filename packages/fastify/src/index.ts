import "./fastifyAugmentation";
import { millimetric } from "./millimetric";

export default millimetric;
export { millimetric };
export type { MillimetricFastifyOptions } from "./MillimetricFastifyOptions";
export type { SourceFlushOnExitOptions as FlushOnExitOptions } from "@millimetric/track-node/adapter";
export type { RequestMillimetric, AidScriptOptions } from "@millimetric/track-node/adapter";
export type { NonceOf } from "./NonceOf";
export type { FastifyMillimetric } from "./FastifyMillimetric";
export { track } from "./track";
export { identify } from "./identify";
export { flush } from "./flush";
export { shutdown } from "./shutdown";
// The base SDK, so a Fastify app installs and imports one package. The adapter's own
// track/identify (request-aware) and flush/shutdown (every client the plugin uses)
// shadow the SDK's: ES local exports win over `export *`.
export * from "@millimetric/track-node";
export { runWithContext, getContext } from "@millimetric/track-node/context";
export { AID_COOKIE, ANONYMOUS_ID_HEADER, type AidCookieOptions, type AidPayload } from "@millimetric/core";
