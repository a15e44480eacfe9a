import {
  AID_COOKIE,
  ANONYMOUS_ID_HEADER,
  aidCookieTemplate,
  isBrowserRequest,
  isHttpsRequest,
  isOptedOut,
  replaceCookie,
  resolveAnonymousId,
  serializeAidCookie,
  serializeAidMintedCookie,
} from "@millimetric/core";
import { lazyUserId } from "@millimetric/track-node";
import { flushAfterResponse, guardVisitorRule, type WaitUntil } from "@millimetric/track-node/adapter";
import { appendSetCookies } from "./appendSetCookies";
import { BINDINGS, SOURCE, VISITOR, type FetchContext } from "./contextKeys";
import { kit } from "./kit";
import type { MillimetricFetchOptions } from "./MillimetricFetchOptions";
import { runWithContext } from "./requestContext";
import { RequestMillimetricImpl, type RequestMillimetric } from "./RequestMillimetric";
import { requestRegistry } from "./requestRegistry";
import { withCookieHeader } from "./withCookieHeader";

/** Per-request inputs an adapter built on {@link createRequestScope} knows better than the options. */
export interface EnterOptions {
  /**
   * This request's `waitUntil`, used when the options give none.
   * @default undefined (events leave in the background)
   * @example scope.enter(request, { waitUntil: (p) => ctx.waitUntil(p) })
   */
  waitUntil?: WaitUntil;
  /**
   * The request's Workers `env`, read for `MILLIMETRIC_SECRET_KEY`/`MILLIMETRIC_HOST`
   * when neither the options nor `process.env` have them.
   * @default undefined
   * @example scope.enter(request, { env })
   */
  env?: unknown;
  /**
   * This request's user id resolver, instead of `options.getUserId(request)` (a framework
   * whose user lives on its own context object: `() => c.get("user")?.id`).
   * @default () => options.getUserId?.(request)
   * @example scope.enter(request, { getUserId: () => context.user?.id })
   */
  getUserId?: () => string | number | null | undefined;
  /**
   * Whether this request is a visitor's, instead of `options.isVisitorRequest(request)`.
   * @default () => options.isVisitorRequest?.(request) ?? isBrowserRequest(request headers)
   * @example scope.enter(request, { isVisitor: () => !c.req.path.startsWith("/webhooks/") })
   */
  isVisitor?: () => boolean;
  /**
   * Whether to put a minted or repaired id on the request's own `Cookie` header, so code
   * further down reads the id the browser is about to store.
   * @default true
   * @example scope.enter(request, { forwardCookie: false }) // the framework copies the request itself
   */
  forwardCookie?: boolean;
}

/** A request inside a {@link RequestScope}: its visitor and the steps around the handler. */
export interface EnteredRequest {
  /** The request to hand on: the same object, or (immutable headers) a copy carrying the forwarded `Cookie`. */
  readonly request: Request;
  /** The visitor: the id, `minted`, and `track`/`identify`/`aidScript` bound to it (also `millimetricOf(request)`). */
  readonly millimetric: RequestMillimetric;
  /** The `Set-Cookie` values the response must carry: `aid` (and `mm_minted` when minted), or none. */
  readonly setCookies: readonly string[];
  /** Runs `fn` in this request's context: plain `track()`, `aidScript()`, `getAnonymousId()` below it see the visitor. */
  run<T>(fn: () => T): T;
  /** `response` with {@link EnteredRequest.setCookies} added (a copy when its headers are immutable). */
  withCookies<T>(response: T): T;
  /** Hands the flush of the wrapper's client to `waitUntil`, when there is one and a client to flush. Never throws. */
  afterResponse(): void;
}

/** The per-request steps of {@link withMillimetric}, for adapters built on this package. */
export interface RequestScope {
  /** Resolves `request`'s visitor by core's id rule and registers it for `millimetricOf()`. */
  enter(request: Request, init?: EnterOptions): EnteredRequest;
}

const defaultIsVisitor = (request: Request): boolean => isBrowserRequest((name) => request.headers.get(name));

/**
 * The steps `withMillimetric` runs around a handler, one at a time, for adapters that own
 * the call to the handler themselves: this package's Hono middleware, `@millimetric/remix`,
 * a SvelteKit or Astro hook. One scope per app (it holds the client); `enter()` once per
 * request. The id rule (header > cookie > minted, invalid values discarded), the cookie
 * and its `mm_minted` companion, "no invented visitors" and the flush through `waitUntil`
 * all live here, so no adapter repeats them.
 *
 * @example
 * ```ts
 * const scope = createRequestScope({ key, host });
 * export async function handle({ event, resolve }) {
 *   const entered = scope.enter(event.request, { getUserId: () => event.locals.user?.id });
 *   try {
 *     return entered.withCookies(await entered.run(() => resolve(event)));
 *   } finally {
 *     entered.afterResponse();
 *   }
 * }
 * ```
 */
export function createRequestScope(options: MillimetricFetchOptions = {}): RequestScope {
  const { client, cookie, getUserId, isVisitorRequest, waitUntil, ignorePrivacySignals, ...clientOptions } = options;
  const source = kit.source(client, clientOptions);
  const cookieName = cookie?.name ?? AID_COOKIE.name;
  // How the browser writes the id back under this same cookie (undefined: the defaults).
  const template = aidCookieTemplate(cookie);
  const isVisitor = isVisitorRequest ? guardVisitorRule(isVisitorRequest) : defaultIsVisitor;
  // Cookie attributes for http and https requests, built once.
  const plain = { ...cookie, secure: cookie?.secure ?? false };
  const secure = { ...cookie, secure: cookie?.secure ?? true };
  const requests = requestRegistry();

  return {
    enter(request, init = {}) {
      const cookieHeader = request.headers.get("cookie");
      // Consent first: an opted-out visitor gets no id, no cookie, and its events are dropped.
      const optedOut = isOptedOut((name) => request.headers.get(name), ignorePrivacySignals);
      const aid = resolveAnonymousId({ header: request.headers.get(ANONYMOUS_ID_HEADER), cookieHeader, cookieName });
      // No invented visitors: an id is minted only for a request a browser made. The
      // minted value is then simply dropped (the pooled mint costs a fraction of a µs).
      const visitor = !optedOut && (!aid.minted || (init.isVisitor ? guardVisitorRule(init.isVisitor)() : isVisitor(request)));
      const id = visitor ? aid.id : undefined;
      const minted = visitor && aid.minted;
      const setCookies: string[] = [];
      let forwarded = request;
      if (visitor && aid.setCookie) {
        const attributes = isHttpsRequest(request.headers.get("x-forwarded-proto"), request.url) ? secure : plain;
        setCookies.push(serializeAidCookie(aid.id, attributes));
        // Pages that render no window.__aid script learn "minted just now" from this.
        if (aid.minted) setCookies.push(serializeAidMintedCookie(aid.id, attributes));
        if (init.forwardCookie !== false) forwarded = withCookieHeader(request, replaceCookie(cookieHeader, cookieName, aid.id));
      }
      const resolveUser = init.getUserId ?? (getUserId ? () => getUserId(request) : undefined);
      const userId = resolveUser ? lazyUserId(resolveUser) : undefined;
      const millimetric = new RequestMillimetricImpl(id, minted, template, source, userId, init.env, optedOut);
      requests.set(request, millimetric);
      if (forwarded !== request) requests.set(forwarded, millimetric);
      // Every id field is set, even when undefined: it overrides what an enclosing scope
      // may have, since this request decided it has none.
      const context: FetchContext = {
        anonymous_id: id,
        minted,
        user_id: userId,
        opted_out: optedOut,
        [SOURCE]: source,
        [VISITOR]: millimetric,
        [BINDINGS]: init.env,
      };
      const after = waitUntil ?? init.waitUntil;
      return {
        request: forwarded,
        millimetric,
        setCookies,
        run: (fn) => runWithContext(context, fn),
        withCookies: (response) => appendSetCookies(response, setCookies),
        afterResponse() {
          // Looked up only with a waitUntil to hand it to: peek() may create the default client.
          if (after) flushAfterResponse(source.peek(), after);
        },
      };
    },
  };
}

