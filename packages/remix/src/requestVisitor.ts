import { AID_COOKIE, aidCookieTemplate, ANONYMOUS_ID_HEADER, isValidId, type AidPayload } from "@millimetric/core";
import { findMillimetric } from "@millimetric/fetch";
import { lazyUserId } from "@millimetric/track-node";
import { getContext, type MillimetricContext } from "@millimetric/track-node/context";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";
import type { RequestVisitorState } from "./RequestVisitorState";
import { scopeFor } from "./scopeFor";

/** Where our helpers keep the request's state in the async context. */
export const STATE = Symbol.for("millimetric.remix.visitor");
/** Where states are kept on a load context (non-enumerable), by cookie name; `null` once the context proved shared by requests. */
const ON_CONTEXT = Symbol.for("millimetric.remix.visitors");
const NO_COOKIES: readonly string[] = Object.freeze([]);
const NEVER = () => false;

type Context = MillimetricContext & { [STATE]?: RequestVisitorState };
type Fits = (state: RequestVisitorState | undefined) => state is RequestVisitorState;

/** How a helper asks for the request's visitor. */
export interface VisitorAsk {
  /** The helper's result carries the `Set-Cookie` (a wrapper, the root loader): it may mint. */
  owns?: boolean;
  /** Called as the request comes in (`millimetricLoadContext`): anything already on the context is another request's. */
  startsRequest?: boolean;
}

/**
 * The visitor of `request`, decided once and shared, in this order: the state of one of
 * our helpers running this call; the load context (one object per HTTP request, shared by
 * the action and the loaders of a document POST although the router hands each its own
 * `Request`); a wrapper in front that sets the cookie itself (`millimetricRequestHandler`
 * or any `@millimetric/fetch` wrapper, found in fetch's request registry, or another
 * adapter such as `@millimetric/express`); else `@millimetric/fetch`'s request scope, i.e.
 * core's decision. Only a helper that `owns` the response may mint there: anything else
 * reads the cookie or header and never invents an id no response would store.
 *
 * A state on the load context is used only when made for the same cookie name from the
 * very same `Cookie` and `x-millimetric-anonymous-id` headers as `request` sends, so a load
 * context that is not unique per request (a module singleton returned by
 * `getLoadContext`) never hands one visitor's id to another; once it is seen with two
 * different visitors it is no longer used at all.
 */
export function requestVisitor(request: Request, context: unknown, options: MillimetricRemixOptions = {}, ask: VisitorAsk = {}): RequestVisitorState {
  const cookieName = options.cookie?.name ?? AID_COOKIE.name;
  const from = { cookie: request.headers.get("cookie"), header: request.headers.get(ANONYMOUS_ID_HEADER) };
  const fits: Fits = (s): s is RequestVisitorState =>
    s !== undefined && s.cookieName === cookieName && s.from.cookie === from.cookie && s.from.header === from.header;
  if (ask.startsRequest && slotOf(context)) distrust(context as object);
  const ctx = getContext() as Context | undefined;
  if (fits(ctx?.[STATE])) return ctx[STATE];
  const cached = slotOf(context)?.get(cookieName);
  if (fits(cached)) return cached;
  const userId = options.getUserId ? lazyUserId(() => options.getUserId!(request, context)) : undefined;
  const base = { setCookies: NO_COOKIES, owned: true, cookieName, from };
  if (!ctx?.[STATE]) {
    // A wrapper in front decided and sets the cookie; one that found no visitor is decided again by an owner (its rule may differ).
    const wrapped = findMillimetric(request);
    if (wrapped && (wrapped.anonymousId || wrapped.optedOut || !ask.owns)) {
      const { anonymousId, minted, optedOut, payload } = wrapped;
      return { ...base, anonymousId, minted, optedOut, payload, userId: userId ?? userIdOf(ctx) };
    }
    if (!wrapped && isValidId(ctx?.anonymous_id)) {
      const minted = ctx.minted === true;
      return { ...base, anonymousId: ctx.anonymous_id, minted, optedOut: false, payload: payloadOf(ctx.anonymous_id, minted, options), userId: userId ?? userIdOf(ctx) };
    }
  }
  // The request's own Cookie header stays as it came: its loaders find this state by those very headers.
  const entered = scopeFor(options).enter(request, { forwardCookie: false, isVisitor: ask.owns ? undefined : NEVER });
  const { anonymousId, minted, optedOut, payload } = entered.millimetric;
  const state: RequestVisitorState = { ...base, anonymousId, minted, optedOut, payload, setCookies: entered.setCookies, userId, owned: ask.owns === true };
  if (ask.owns) storeOnLoadContext(context, state, fits);
  return state;
}

/** The user id another adapter's context resolves. */
function userIdOf(ctx: Context | undefined): (() => string | undefined) | undefined {
  const user = ctx?.user_id;
  return typeof user === "function" ? () => user() ?? undefined : user ? () => user : undefined;
}

/** `window.__aid` for an id another adapter put in the context (it has no payload of ours). */
function payloadOf(id: string, minted: boolean, options: MillimetricRemixOptions): AidPayload {
  const template = aidCookieTemplate(options.cookie);
  return template ? { id, minted, cookie: template } : { id, minted };
}

/** The context's own slot (never one inherited from a shared prototype); `undefined` when none. */
function slotOf(context: unknown): Map<string, RequestVisitorState> | null | undefined {
  if (typeof context !== "object" || context === null || !Object.prototype.hasOwnProperty.call(context, ON_CONTEXT)) return undefined;
  return (context as { [ON_CONTEXT]: Map<string, RequestVisitorState> | null })[ON_CONTEXT];
}

/** Marks `context` as shared by requests: never read or written again. */
function distrust(context: object): void {
  try {
    Object.defineProperty(context, ON_CONTEXT, { value: null, configurable: true });
  } catch {
    // Frozen after we wrote to it: the header check alone keeps visitors apart.
  }
}

function storeOnLoadContext(context: unknown, state: RequestVisitorState, fits: Fits): void {
  if (typeof context !== "object" || context === null) return;
  const slot = slotOf(context);
  if (slot === null) return;
  if (slot) {
    const cached = slot.get(state.cookieName);
    if (!cached) slot.set(state.cookieName, state);
    // Another visitor's (or another request's) state: this object is not a request
    // scope, so stop using it — two cookieless first visits would look alike.
    else if (!fits(cached)) distrust(context);
    return;
  }
  if (!Object.isExtensible(context)) return;
  // Not enumerable: invisible to anyone spreading or serialising their context.
  Object.defineProperty(context, ON_CONTEXT, { value: new Map([[state.cookieName, state]]), configurable: true });
}
