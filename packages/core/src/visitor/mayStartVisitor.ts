import { isBrowserRequest } from "../ids/isBrowserRequest";
import { warnOnce } from "../errors/warnOnce";
import type { VisitorRequest } from "./VisitorRequest";

/**
 * The "no invented visitors" rule: whether a request that carries no id of its own may be
 * given a freshly minted one. Never a CORS preflight (the browser ignores its `Set-Cookie`
 * and its handler tracks nothing), never a fetch from another site that is not a
 * navigation (a credential-less CORS call would be a new visitor on every call, and a
 * credentialed one would split the visitor from the page's own id: such a page sends its
 * id in the `x-millimetric-anonymous-id` header instead); otherwise the app's
 * `isVisitorRequest`, else a browser's signal (core's {@link isBrowserRequest}).
 */
export function mayStartVisitor(request: VisitorRequest): boolean {
  const { header } = request;
  if (request.method !== undefined && request.method.toUpperCase() === "OPTIONS") return false;
  const site = header("sec-fetch-site");
  if ((site === "cross-site" || site === "same-site") && header("sec-fetch-mode") !== "navigate") return false;
  if (!request.isVisitor) return isBrowserRequest(header);
  try {
    return !!request.isVisitor();
  } catch (err) {
    // The safe side: the request loses its id, never its response.
    warnOnce("isVisitorRequest", `[millimetric] isVisitorRequest threw (${String(err)}); the request gets no anonymous id. Make it return false instead of throwing.`);
    return false;
  }
}
