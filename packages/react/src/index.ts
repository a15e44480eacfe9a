"use client";
export { MillimetricProvider, type MillimetricProviderProps } from "./MillimetricProvider";
export { useMillimetric, type MillimetricApi } from "./useMillimetric";
export { useAnonymousId } from "./useAnonymousId";
export { useTrackOnMount } from "./useTrackOnMount";
// The browser SDK itself, for code outside components; the id-changing calls also
// refresh useAnonymousId().
export { init, track, page, flush, getAnonymousId, type InitOptions, type AidPayload } from "@millimetric/track";
export { identify, reset, setAnonymousId } from "./sdk";
