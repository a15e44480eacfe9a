import { MillimetricTypeError } from "@millimetric/core";
import { readVisitor } from "../readVisitor";
import { requestLocation } from "../requestLocation";
import { REQUEST_URL_HEADER } from "../requestUrlHeader";
import type { PagesRequest } from "./PagesRequest";
import { requestHeaders } from "./requestHeaders";

/** What a Pages Router helper knows about its request. */
export interface PagesScope {
  anonymousId?: string;
  /** The visitor opted out (`Sec-GPC: 1` or `mm_optout=1`): its events are dropped. */
  optedOut?: boolean;
  location?: { url?: string; path: string };
}

const MISSING_PROXY = {
  fix:
    'add middleware.ts (or proxy.ts on Next 16) with `import { withMillimetric } from "@millimetric/next"; export default withMillimetric();` and make sure its matcher covers this path',
  once: "next:pages-no-id",
};

/**
 * The visitor and location of a Pages Router request, as `withMillimetric()` forwarded
 * them (consent included). A visitor's request the proxy missed (no proxy/middleware, or
 * its matcher leaves this path out): a thrown error in development, one log line in
 * production.
 */
export function pagesScope(fn: string, req: PagesRequest, needsId: boolean): PagesScope {
  if (!req || typeof req !== "object" || !req.headers) {
    throw new MillimetricTypeError(
      "invalid_argument",
      `[millimetric] ${fn} from @millimetric/next/pages takes the request first: \`${fn.replace("()", "")}(req, …)\` with ctx.req in getServerSideProps or req in an API route.`,
    );
  }
  const headers = requestHeaders(req);
  const visitor = readVisitor(fn, (name) => headers.get(name), req.method, needsId, MISSING_PROXY);
  const forwarded = headers.get(REQUEST_URL_HEADER);
  const host = headers.get("host");
  const url = forwarded ?? (req.url?.startsWith("/") && host ? `http://${host}${req.url}` : req.url);
  return { anonymousId: visitor.anonymousId, optedOut: visitor.optedOut, location: requestLocation(url) };
}
