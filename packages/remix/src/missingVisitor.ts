import { failInDevelopment } from "@millimetric/core";

/**
 * `identify()` for a request that has no anonymous id because it is no visitor's (see
 * `isVisitorRequest`): the API needs both ids, so this is an error in development and one
 * log line (the call skipped) in production.
 */
export function missingVisitor(): void {
  const message =
    "[millimetric] identify() needs an anonymous_id, and this request has none: it carries no valid aid cookie or x-millimetric-anonymous-id header " +
    "and no browser signal (Sec-Fetch-Site/Sec-Fetch-Dest, or text/html in Accept), so no visitor was invented for it (a webhook, a health check). " +
    "Pass anonymous_id yourself, or choose which requests count as visitors with the isVisitorRequest option.";
  failInDevelopment("missing_context", message, { once: "missing_visitor:identify" });
}
