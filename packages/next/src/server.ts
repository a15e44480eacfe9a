import "server-only";
export { track } from "./track";
export { identify, type IdentifyInput } from "./identify";
export { getAnonymousId } from "./getAnonymousId";
export { configureMillimetric } from "./configureMillimetric";
export { flush } from "./flush";
export type { MillimetricServerOptions } from "./MillimetricServerOptions";
export { MillimetricClient, MillimetricError, type ClientOptions, type EventInput } from "@millimetric/track-node";
