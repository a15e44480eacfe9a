export { init } from "./init";
export { track } from "./track";
export { identify } from "./identify";
export { page } from "./page";
export { flush } from "./flush";
export { getAnonymousId } from "./getAnonymousId";
// The id as a request header, for an API on another origin (tree-shaken when unused).
export { anonymousIdHeaders } from "./anonymousIdHeaders";
export { setAnonymousId } from "./setAnonymousId";
export { reset } from "./reset";
export type { InitOptions, AidPayload } from "./InitOptions";
// Consent and the event pipeline: each its own module, tree-shaken from apps that only
// init and track (size.test.ts measures both kinds of app).
export { optOut } from "./optOut";
export { optIn } from "./optIn";
export { isOptedOut } from "./isOptedOut";
export { configure } from "./configure";
export type { ConfigureOptions } from "./ConfigureOptions";
// For pages whose server sets the aid cookie but renders no window.__aid script:
// init({ key, anonymousId: pageAid() }). Tree-shaken when unused.
export { pageAid } from "./pageAid";
export { aidFromCookies, aidCookieTemplate, ANONYMOUS_ID_HEADER, type AidCookieOptions } from "@millimetric/core";
// What the SDK throws and reports: `err instanceof MillimetricError`, `err.code`.
export { MillimetricError, MillimetricTypeError, type MillimetricErrorCode, type MillimetricEvent } from "@millimetric/core";
