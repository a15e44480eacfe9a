import { failInDevelopment } from "@millimetric/core";

/**
 * `identify()` in a request the wrapper handled but gave no anonymous id, because it is
 * no visitor's (see `isVisitorRequest`): the API needs both ids, so this is an error in
 * development and one log line (the call skipped) in production.
 */
export function missingVisitor(fn: "identify"): void {
  const message =
    `[millimetric] ${fn}() needs an anonymous_id, and this request has none: it carries no valid aid cookie or x-millimetric-anonymous-id header ` +
    `and no browser signal (Sec-Fetch-Site/Sec-Fetch-Dest, or text/html in Accept), so withMillimetric() did not invent a visitor for it (a webhook, a health check). ` +
    `Pass anonymous_id yourself, or choose which requests count as visitors with withMillimetric(handler, { isVisitorRequest }).`;
  failInDevelopment("missing_context", message, { once: `missing_visitor:${fn}` });
}
