import { AID_COOKIE, ANONYMOUS_ID_HEADER, isValidId, resolveAnonymousId, serializeAidCookie } from "@millimetric/core";
import { lazyUserId } from "@millimetric/track-node";
import { getContext } from "@millimetric/track-node/context";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";
import type { RequestId } from "./RequestId";

/** Where a request's resolved id is kept on its load context and in the async context. */
export const RESOLVED = Symbol.for("millimetric.remix.requestId");

// A GET's loaders all receive the same Request object: the first resolution (maybe a
// mint) is shared by all of them.
const byRequest = new WeakMap<Request, RequestId>();

type Holder = { [RESOLVED]?: RequestId };

/**
 * The id for `request`, resolved once and shared, in this order: the same Request
 * object seen before; the load context (one object per HTTP request, shared by the
 * action and the loaders of a document POST even though React Router hands them
 * different Request objects); the async request context of `millimetricMiddleware`,
 * `millimetricRequestHandler` or `@millimetric/express`; else core's precedence on the
 * request itself (header > cookie > minted).
 */
export function resolveRequestId(request: Request, context: unknown, options: MillimetricRemixOptions = {}): RequestId {
  let resolved = byRequest.get(request) ?? (context as Holder | undefined)?.[RESOLVED] ?? fromAsyncContext();
  if (!resolved) {
    const cookieName = options.cookie?.name ?? AID_COOKIE.name;
    const aid = resolveAnonymousId({
      header: request.headers.get(ANONYMOUS_ID_HEADER),
      cookieHeader: request.headers.get("cookie"),
      cookieName,
    });
    const secure = options.cookie?.secure ?? request.url.startsWith("https:");
    resolved = {
      id: aid.id,
      minted: aid.minted,
      cookieName,
      setCookie: aid.setCookie ? serializeAidCookie(aid.id, { ...options.cookie, secure }) : undefined,
      userId: options.getUserId ? lazyUserId(() => options.getUserId!(request, context)) : undefined,
    };
  }
  byRequest.set(request, resolved);
  if (typeof context === "object" && context !== null && !(RESOLVED in context) && Object.isExtensible(context)) {
    // Not enumerable: invisible to anyone spreading or serialising their context.
    Object.defineProperty(context, RESOLVED, { value: resolved, configurable: true });
  }
  return resolved;
}

/** An id already put in place around this request by one of our wrappers or another adapter. */
function fromAsyncContext(): RequestId | undefined {
  const ctx = getContext() as (ReturnType<typeof getContext> & Holder) | undefined;
  if (!ctx) return undefined;
  if (ctx[RESOLVED]) return ctx[RESOLVED];
  // Another adapter (e.g. @millimetric/express in front of the request handler) owns the
  // cookie; adopt its id so the request does not end up with two.
  if (!isValidId(ctx.anonymous_id)) return undefined;
  const user = ctx.user_id;
  return {
    id: ctx.anonymous_id,
    minted: false,
    cookieName: AID_COOKIE.name,
    setCookie: undefined,
    userId: typeof user === "function" ? () => user() ?? undefined : user ? () => user : undefined,
  };
}
