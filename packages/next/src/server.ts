// Server code only: the package's "browser" condition resolves this entry to
// server.browser.ts, which fails with the fix (server-only's own error would blame a
// Client Component even in the Pages Router, where the import is simply the wrong entry).
export { track } from "./track";
export { identify, type IdentifyInput } from "./identify";
export { getAnonymousId } from "./getAnonymousId";
export { configureMillimetric } from "./configureMillimetric";
export { flush } from "./flush";
export type { MillimetricServerOptions } from "./MillimetricServerOptions";
export { MillimetricClient, MillimetricError, type ClientOptions, type EventInput } from "@millimetric/track-node";
