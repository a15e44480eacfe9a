import type { MillimetricClient } from "@millimetric/track-node";
import { flushQuietly } from "@millimetric/track-node/adapter";
// Fully specified next/*.js imports load in plain Node ESM too (the Pages Router's
// server bundles leave node_modules to Node, and next has no exports map).
import { headers } from "next/headers.js";
import { after } from "next/server.js";
import { kit } from "./kit";
import { requestLocation } from "./requestLocation";
import { REQUEST_URL_HEADER } from "./requestUrlHeader";
import { readVisitor } from "./readVisitor";
import { serverState } from "./serverState";

/** What a server helper knows about the request it runs in. */
export interface RequestScope {
  /** The request's headers object; undefined outside a request. */
  headers?: Headers;
  /** The visitor's anonymous id as withMillimetric() forwarded it (or the request carries it, where the proxy did not run). */
  anonymousId?: string;
  /** The visitor opted out (`Sec-GPC: 1` or `mm_optout=1`, unless `ignorePrivacySignals`): its events are dropped. */
  optedOut?: boolean;
  /** The request has no visitor, and the proxy rightly gave it none (a webhook, a preflight, a cross-site call). */
  noVisitor?: boolean;
  /** Where the request went (`url`, `path`), as withMillimetric() forwarded it. */
  location?: { url?: string; path: string };
}

const MISSING_PROXY = {
  fix:
    'add proxy.ts with `import { withMillimetric } from "@millimetric/next"; export const proxy = withMillimetric();` ' +
    "(middleware.ts with `export default withMillimetric()` before Next 16) and make sure its matcher covers this path",
  once: "next:no-id",
};

/**
 * Reads the current request and the visitor `withMillimetric()` forwarded on it. Problems
 * (no request, a visitor's request the proxy missed) throw in development with the fix,
 * and in production are logged once while the caller goes on with the ids it has.
 * `needsId: false` skips the missing-id check (the caller has an id already).
 */
export async function requestScope(fn: string, needsId: boolean): Promise<RequestScope> {
  let h: Headers;
  try {
    h = (await headers()) as unknown as Headers;
  } catch (error) {
    // Next's own control flow (dynamic rendering bail-outs, prerender postpones) must
    // pass through: those errors carry a digest (or are React postpones); "called outside
    // a request scope" does not.
    if (isNextControlFlow(error)) throw error;
    kit.missingContext(fn, "so it has no visitor id and cannot flush after the response", error);
    return {};
  }
  const visitor = readVisitor(`${fn}()`, (name) => h.get(name), undefined, needsId, MISSING_PROXY);
  const location = requestLocation(h.get(REQUEST_URL_HEADER));
  // Opted out: no id (the proxy set none either), and the client drops the events.
  if (visitor.optedOut) return { headers: h, optedOut: true, location };
  // No invented visitors: the proxy gave this request no id (a webhook) or would give it
  // none, so its events carry the ids the caller passes.
  const noVisitor = !visitor.anonymousId && !visitor.missedVisitor;
  return { headers: h, anonymousId: visitor.anonymousId, noVisitor, location };
}

function isNextControlFlow(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { digest?: unknown; $$typeof?: unknown };
  return typeof e.digest === "string" || e.$$typeof !== undefined;
}

/**
 * Flushes `client` after the response of the request `scope` belongs to, once per
 * request however many events it tracks: serverless platforms keep the function alive
 * for it, and the response is not delayed.
 */
export function flushAfterResponse(scope: RequestScope, client: MillimetricClient): void {
  const { flushing } = serverState();
  if (!scope.headers || flushing.has(scope.headers)) return;
  flushing.add(scope.headers);
  try {
    // Run after the response, not now: the request may track more events before it ends.
    after(() => flushQuietly(client));
  } catch {
    // after() is not available here (e.g. a prerender): the client's own timer delivers.
    flushing.delete(scope.headers);
  }
}
