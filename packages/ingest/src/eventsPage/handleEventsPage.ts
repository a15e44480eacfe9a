import { randomBytes } from "node:crypto";
import { renderEventsBody } from "./renderEventsBody";
import { renderEventsPage } from "./renderEventsPage";
import type { RouteRequest } from "../server/Route";

/**
 * `GET /`: the events page, or with `?partial=1` just its body (what the page fetches
 * to refresh itself). The page has no login, so it allows only its own nonce'd inline
 * style and script and cannot be framed.
 *
 * @example
 * ```ts
 * { method: "GET", path: "/", handle: handleEventsPage } // a row of routeTable
 * ```
 */
export function handleEventsPage({ ctx, res, query }: RouteRequest): void {
  const data = ctx.store.loadEventsPage();
  const nonce = randomBytes(16).toString("base64");
  const partial = query.get("partial") === "1";
  const html = partial ? renderEventsBody(data, Date.now()) : renderEventsPage(data, { nonce });
  res.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(html),
    "Cache-Control": "no-store",
    "Content-Security-Policy":
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; ` +
      "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  res.end(html);
}
