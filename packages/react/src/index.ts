"use client";
export { MillimetricProvider, type MillimetricProviderProps } from "./MillimetricProvider";
export type { MillimetricCookieOptions } from "./MillimetricCookieOptions";
export { useMillimetric, type MillimetricApi } from "./useMillimetric";
export { useAnonymousId } from "./useAnonymousId";
export { useTrackOnMount } from "./useTrackOnMount";
// The browser SDK itself, for code outside components; the id-changing calls also
// refresh useAnonymousId(). configure() is the provider's (its beforeSend, debug,
// disabled and onError props), so it is not here.
export {
  init,
  track,
  page,
  flush,
  getAnonymousId,
  isOptedOut,
  ANONYMOUS_ID_HEADER,
  MillimetricError,
  MillimetricTypeError,
  type InitOptions,
  type AidPayload,
  type MillimetricErrorCode,
  type MillimetricEvent,
} from "@millimetric/track";
export { identify, reset, setAnonymousId, optOut, optIn } from "./sdk";
// The id as a request header for an API on another origin; starts the SDK with the
// rendered provider's props first, so it has the id before the provider's own effect.
export { anonymousIdHeaders } from "./anonymousIdHeaders";
