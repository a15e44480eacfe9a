"use client";
export { MillimetricProvider, type MillimetricProviderProps } from "./MillimetricProvider";
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
  MillimetricError,
  MillimetricTypeError,
  type InitOptions,
  type AidPayload,
  type MillimetricErrorCode,
  type MillimetricEvent,
} from "@millimetric/track";
export { identify, reset, setAnonymousId, optOut, optIn } from "./sdk";
