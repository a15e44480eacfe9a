import { AdapterKit } from "@millimetric/track-node/adapter";

/**
 * This package's share of the adapter kit: the source its helpers send through (track-node's
 * default client, which `init({ key })` from `@millimetric/remix/server` replaces), and its
 * wording for the "no key", "outside a request" and "no visitor" policies.
 */
export const kit = new AdapterKit({
  name: "remix",
  handledBy: "@millimetric/remix",
  keyFix: ", or call init({ key }) from @millimetric/remix/server",
  contextFix: (fn) =>
    `In loaders and actions call ${fn}(request, …) (or ${fn}(args, …)), wrap them with withMillimetric(), ` +
    `or add millimetricMiddleware() / millimetricRequestHandler() from "@millimetric/remix/server"; elsewhere pass anonymous_id/user_id yourself.`,
  visitorOption: "the isVisitorRequest option",
});
