import { AID_COOKIE, ANONYMOUS_ID_HEADER, isValidId, resolveAnonymousId, serializeAidCookie } from "@millimetric/core";
import { lazyUserId } from "@millimetric/track-node";
import { getContext } from "@millimetric/track-node/context";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";
import type { RequestId } from "./RequestId";

/** Where our request-scope wrappers keep the request's resolution in the async context. */
export const RESOLVED = Symbol.for("millimetric.remix.requestId");
/** Where resolutions are kept on a load context (non-enumerable), by cookie name. */
const ON_CONTEXT = Symbol.for("millimetric.remix.requestIds");

// A GET's loaders all receive the same Request object: the first resolution (maybe a
// mint) is shared by all of them.
const byRequest = new WeakMap<Request, Map<string, RequestId>>();

/** `null` once the context object proved to be shared by different requests. */
type ContextSlot = { [ON_CONTEXT]?: Map<string, RequestId> | null };

/**
 * The id for `request`, resolved once and shared, in this order: the same Request
 * object seen before; the async request context of `millimetricRequestHandler`,
 * `millimetricMiddleware`, `withMillimetric`/`millimetricLoader` (or the id of
 * `@millimetric/express` in front); the load context (one object per HTTP request,
 * shared by the action and the loaders of a document POST even though React Router hands
 * them different Request objects); else core's precedence on the request itself
 * (header > cookie > minted).
 *
 * A cached resolution is used only when it was made with the same cookie name and from
 * the very same `Cookie` and `x-millimetric-anonymous-id` headers as `request` sends: a
 * load context that is not unique per request (a module singleton returned by
 * `getLoadContext`) never hands one visitor's id to another, and once it is seen with
 * two different visitors it is no longer used at all. `startsRequest` marks the call made
 * as the request comes in (`millimetricLoadContext`): whatever the context already holds
 * then belongs to another request, which proves the context is shared.
 */
export function resolveRequestId(
  request: Request,
  context: unknown,
  options: MillimetricRemixOptions = {},
  startsRequest = false,
): RequestId {
  const cookieName = options.cookie?.name ?? AID_COOKIE.name;
  const from = { cookie: request.headers.get("cookie"), header: request.headers.get(ANONYMOUS_ID_HEADER) };
  const matches = (r: RequestId | undefined): r is RequestId =>
    r !== undefined && r.cookieName === cookieName && r.from.cookie === from.cookie && r.from.header === from.header;

  if (startsRequest) distrustIfUsed(context);
  const perRequest = byRequest.get(request);
  let resolved = perRequest?.get(cookieName);
  // Seen with this very Request before: it is already cached everywhere it goes.
  if (matches(resolved)) return resolved;
  resolved = fromAsyncContext(cookieName, from, matches) ?? fromLoadContext(context, cookieName, matches);
  if (!resolved) {
    const aid = resolveAnonymousId({ header: from.header, cookieHeader: from.cookie, cookieName });
    const secure = options.cookie?.secure ?? request.url.startsWith("https:");
    resolved = {
      id: aid.id,
      minted: aid.minted,
      cookieName,
      setCookie: aid.setCookie ? serializeAidCookie(aid.id, { ...options.cookie, secure }) : undefined,
      userId: options.getUserId ? lazyUserId(() => options.getUserId!(request, context)) : undefined,
      from,
    };
  }
  if (perRequest) perRequest.set(cookieName, resolved);
  else byRequest.set(request, new Map([[cookieName, resolved]]));
  storeOnLoadContext(context, resolved, matches);
  return resolved;
}

/** An id already put in place around this request by one of our wrappers or another adapter. */
function fromAsyncContext(cookieName: string, from: RequestId["from"], matches: Matcher): RequestId | undefined {
  const ctx = getContext() as (ReturnType<typeof getContext> & { [RESOLVED]?: RequestId }) | undefined;
  if (!ctx) return undefined;
  // Ours: made for this very request, but maybe with another cookie name.
  if (ctx[RESOLVED]) return matches(ctx[RESOLVED]) ? ctx[RESOLVED] : undefined;
  // Another adapter (e.g. @millimetric/express in front of the request handler) owns the
  // cookie; adopt its id so the request does not end up with two.
  if (!isValidId(ctx.anonymous_id)) return undefined;
  const user = ctx.user_id;
  return {
    id: ctx.anonymous_id,
    minted: ctx.minted === true,
    cookieName,
    setCookie: undefined,
    userId: typeof user === "function" ? () => user() ?? undefined : user ? () => user : undefined,
    from,
  };
}

type Matcher = (r: RequestId | undefined) => r is RequestId;

/** The context's own slot (never one inherited from a shared prototype); `undefined` when none. */
function slotOf(context: unknown): Map<string, RequestId> | null | undefined {
  if (typeof context !== "object" || context === null || !Object.prototype.hasOwnProperty.call(context, ON_CONTEXT)) return undefined;
  return (context as ContextSlot)[ON_CONTEXT];
}

function fromLoadContext(context: unknown, cookieName: string, matches: Matcher): RequestId | undefined {
  const cached = slotOf(context)?.get(cookieName);
  return matches(cached) ? cached : undefined;
}

function distrustIfUsed(context: unknown): void {
  if (slotOf(context)) distrust(context as object);
}

/** Marks `context` as shared by requests: never read or written again. */
function distrust(context: object): void {
  try {
    Object.defineProperty(context, ON_CONTEXT, { value: null, configurable: true });
  } catch {
    // Frozen after we wrote to it: the header check alone keeps visitors apart.
  }
}

function storeOnLoadContext(context: unknown, resolved: RequestId, matches: Matcher): void {
  if (typeof context !== "object" || context === null) return;
  const slot = slotOf(context);
  if (slot === null) return;
  if (slot) {
    const cached = slot.get(resolved.cookieName);
    if (!cached) slot.set(resolved.cookieName, resolved);
    // Another visitor's (or another request's) resolution: this object is not a request
    // scope, so stop using it — two cookieless first visits would look alike.
    else if (!matches(cached)) distrust(context);
    return;
  }
  if (!Object.isExtensible(context)) return;
  // Not enumerable: invisible to anyone spreading or serialising their context.
  Object.defineProperty(context, ON_CONTEXT, { value: new Map([[resolved.cookieName, resolved]]), configurable: true });
}
