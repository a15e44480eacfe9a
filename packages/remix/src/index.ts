export { MillimetricScript, type MillimetricScriptProps } from "./MillimetricScript";
// The client side is @millimetric/react: the provider adopts window.__aid on start.
export * from "@millimetric/react";
export type { AidPayload } from "@millimetric/core";
