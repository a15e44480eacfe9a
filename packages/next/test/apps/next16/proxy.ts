import { withMillimetric } from "@millimetric/next";
// The README's proxy.ts with the first-party relay on: the provider sends through /_mm.
export const proxy = withMillimetric({ relay: "/_mm" });
