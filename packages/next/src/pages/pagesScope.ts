import { failInDevelopment, isBrowserRequest, MillimetricTypeError } from "@millimetric/core";
import { isPrefetch } from "../isPrefetch";
import { readRequestAid } from "../readRequestAid";
import { requestLocation } from "../requestLocation";
import { REQUEST_URL_HEADER } from "../requestUrlHeader";
import { serverState } from "../serverState";
import type { PagesRequest } from "./PagesRequest";
import { requestHeaders } from "./requestHeaders";

/** What a Pages Router helper knows about its request. */
export interface PagesScope {
  anonymousId?: string;
  location?: { url?: string; path: string };
}

/**
 * The visitor id and location of a Pages Router request, as `withMillimetric()` forwarded
 * them. A browser request without an id means the proxy/middleware is missing or its
 * matcher leaves this path out: a thrown error in development, one log line in production.
 */
export function pagesScope(fn: string, req: PagesRequest, needsId: boolean): PagesScope {
  if (!req || typeof req !== "object" || !req.headers) {
    throw new MillimetricTypeError(
      "invalid_argument",
      `[millimetric] ${fn} from @millimetric/next/pages takes the request first: \`${fn.replace("()", "")}(req, …)\` with ctx.req in getServerSideProps or req in an API route.`,
    );
  }
  const headers = requestHeaders(req);
  const aid = readRequestAid(headers as Headers, serverState().options.cookieName);
  if (!aid && needsId && !isPrefetch(headers as Headers) && isBrowserRequest((name) => headers.get(name))) {
    failInDevelopment(
      "missing_context",
      `[millimetric] ${fn}: this request carries no visitor id, so its events cannot be joined to the browser's. Fix: add middleware.ts ` +
        '(or proxy.ts on Next 16) with `import { withMillimetric } from "@millimetric/next"; export default withMillimetric();` and make sure its matcher covers this path.',
      { once: "next:pages-no-id" },
    );
  }
  const forwarded = headers.get(REQUEST_URL_HEADER);
  const host = headers.get("host");
  const url = forwarded ?? (req.url?.startsWith("/") && host ? `http://${host}${req.url}` : req.url);
  return { anonymousId: aid?.id, location: requestLocation(url) };
}
