import { withMillimetric } from "@millimetric/next";
// The README's relay, unchanged by the basePath: "/_mm" is relative to it, so the browser sends to /docs/_mm.
export const proxy = withMillimetric({ relay: "/_mm" });
