export { init } from "./init";
export { track } from "./track";
export { identify } from "./identify";
export { page } from "./page";
export { flush } from "./flush";
export { getAnonymousId } from "./getAnonymousId";
export { setAnonymousId } from "./setAnonymousId";
export { reset } from "./reset";
export type { InitOptions, AidPayload } from "./InitOptions";
// For pages whose server sets the aid cookie but renders no window.__aid script:
// init({ key, anonymousId: pageAid() }). Tree-shaken when unused.
export { pageAid } from "./pageAid";
export { aidFromCookies, aidCookieTemplate, type AidCookieOptions } from "@millimetric/core";
// The errors the SDK throws (`instanceof` and `code` for apps and @millimetric/react); tree-shaken when unused.
export { MillimetricError, MillimetricTypeError, type MillimetricErrorCode } from "@millimetric/core";
