// The Pages Router's server helpers: every function takes the request, since Pages code
// has no request scope to read it from. No next/headers, no "server-only".
export { track } from "./pages/track";
export { identify } from "./pages/identify";
export { getAnonymousId } from "./pages/getAnonymousId";
export type { PagesRequest } from "./pages/PagesRequest";
export type { IdentifyInput } from "./identify";
export { configureMillimetric } from "./configureMillimetric";
export { flush } from "./flush";
export type { MillimetricServerOptions } from "./MillimetricServerOptions";
export { MillimetricClient, MillimetricError, type ClientOptions, type EventInput } from "@millimetric/track-node";
