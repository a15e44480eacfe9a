export { init } from "./init";
export { track } from "./track";
export { identify } from "./identify";
export { page } from "./page";
export { flush } from "./flush";
export { getAnonymousId } from "./getAnonymousId";
export { setAnonymousId } from "./setAnonymousId";
export { reset } from "./reset";
export type { InitOptions, AidPayload } from "./InitOptions";
