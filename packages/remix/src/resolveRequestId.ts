import { AID_COOKIE, ANONYMOUS_ID_HEADER, isValidId } from "@millimetric/core";
import { findMillimetric, type EnterOptions } from "@millimetric/fetch";
import { lazyUserId } from "@millimetric/track-node";
import { getContext } from "@millimetric/track-node/context";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";
import type { RequestId } from "./RequestId";
import { scopeFor } from "./scopeFor";

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
 * them different Request objects); else `@millimetric/fetch`'s request scope on the
 * request itself (core's precedence header > cookie > minted, and no invented visitor:
 * a request without an id and without a browser signal gets none).
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
  enter?: Pick<EnterOptions, "waitUntil" | "env">,
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
  const userIdOf = () => (options.getUserId ? lazyUserId(() => options.getUserId!(request, context)) : undefined);
  resolved = fromAsyncContext(cookieName, from, matches);
  // A wrapper of @millimetric/fetch in front handled this request (a Request this package
  // has resolved before is its own registration there, maybe for another cookie name).
  const wrapped = resolved || perRequest ? undefined : findMillimetric(request);
  if (wrapped) resolved = { ...adopt(wrapped.anonymousId, wrapped.minted, userIdOf(), cookieName, from), optedOut: wrapped.optedOut };
  resolved ??= fromLoadContext(context, cookieName, matches);
  if (!resolved) {
    // The request's own Cookie header stays as it came: its loaders find this resolution
    // by those very headers.
    const entered = scopeFor(options).enter(request, { ...enter, forwardCookie: false });
    resolved = {
      id: entered.millimetric.anonymousId,
      minted: entered.millimetric.minted,
      optedOut: entered.millimetric.optedOut,
      cookieName,
      setCookies: entered.setCookies,
      userId: userIdOf(),
      from,
      entered,
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
  const userId = typeof user === "function" ? () => user() ?? undefined : user ? () => user : undefined;
  return adopt(ctx.anonymous_id, ctx.minted === true, userId, cookieName, from);
}

/** Another adapter's resolution, taken as is: that adapter sets the cookie. */
function adopt(
  id: string | undefined,
  minted: boolean,
  userId: RequestId["userId"],
  cookieName: string,
  from: RequestId["from"],
): RequestId {
  return { id, minted, cookieName, setCookies: [], userId, from };
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
