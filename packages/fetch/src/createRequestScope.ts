import { decideVisitor, visitorPolicy } from "@millimetric/core";
import { lazyUserId } from "@millimetric/track-node";
import { flushAfterResponse, RequestVisitor, RESPONSE_STATE, type RequestMillimetric, type WaitUntil } from "@millimetric/track-node/adapter";
import { appendSetCookies } from "./appendSetCookies";
import { BINDINGS, SOURCE, VISITOR, type FetchContext } from "./contextKeys";
import { kit } from "./kit";
import type { MillimetricFetchOptions } from "./MillimetricFetchOptions";
import { runWithContext } from "./requestContext";
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
   * Whether this request may start a visitor, instead of `options.isVisitorRequest(request)`.
   * @default () => options.isVisitorRequest?.(request), else core's browser-signal rule
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
  /**
   * Call once the response has been handed back: marks the request finished (a late
   * `track()` in its context then warns in development) and hands the flush of the
   * wrapper's client to `waitUntil`, when there is one and a client to flush. Never throws.
   */
  afterResponse(): void;
}

/** The per-request steps of {@link withMillimetric}, for adapters built on this package. */
export interface RequestScope {
  /** Resolves `request`'s visitor by core's id rule and registers it for `millimetricOf()`. */
  enter(request: Request, init?: EnterOptions): EnteredRequest;
}

/**
 * The steps `withMillimetric` runs around a handler, one at a time, for adapters that own
 * the call to the handler themselves: this package's Hono middleware, `@millimetric/remix`,
 * a SvelteKit or Astro hook. One scope per app (it holds the client); `enter()` once per
 * request. It applies core's one visitor decision (`decideVisitor`: consent, the id, "no
 * invented visitors", the cookie and its `mm_minted` companion) to a Web `Request` and
 * hands the flush to `waitUntil`, so no adapter built on it repeats either. It flushes on
 * SIGTERM/SIGINT only when asked (`flushOnExit`): an adapter for long-running servers
 * passes `flushOnExit: options.flushOnExit ?? true`, as `withMillimetric` does where the
 * runtime has signals.
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
  const { client, cookie, getUserId, isVisitorRequest, waitUntil, ignorePrivacySignals, flushOnExit, ...clientOptions } = options;
  // Checked first: a bad cookie option fails here, at app start, naming the option.
  const policy = visitorPolicy({ cookie, ignorePrivacySignals });
  const source = kit.source(client, clientOptions);
  if (flushOnExit) source.flushOnExit(flushOnExit);
  const requests = requestRegistry();

  return {
    enter(request, init = {}) {
      const isVisitor = init.isVisitor ?? (isVisitorRequest && (() => isVisitorRequest(request)));
      const decision = decideVisitor({ header: (name) => request.headers.get(name), method: request.method, url: request.url, isVisitor }, policy);
      const forwarded =
        decision.forwardedCookie !== undefined && init.forwardCookie !== false ? withCookieHeader(request, decision.forwardedCookie) : request;
      const resolveUser = init.getUserId ?? (getUserId ? () => getUserId(request) : undefined);
      const userId = resolveUser ? lazyUserId(resolveUser) : undefined;
      const millimetric = new RequestVisitor(decision, { kit, source, userId, bindings: init.env });
      requests.set(request, millimetric);
      if (forwarded !== request) requests.set(forwarded, millimetric);
      const context: FetchContext = decision.context;
      // Set even when undefined: it overrides what an enclosing scope may have.
      context.user_id = userId;
      context[SOURCE] = source;
      context[VISITOR] = millimetric;
      context[BINDINGS] = init.env;
      // Set once the response has been handed back: a late track() in this context then
      // warns in development (a streamed body's events may be this request's own: that is
      // the one case the warning names wrongly).
      const response = { destroyed: false };
      context[RESPONSE_STATE] = response;
      const after = waitUntil ?? init.waitUntil;
      return {
        request: forwarded,
        millimetric,
        setCookies: decision.setCookies,
        run: (fn) => runWithContext(context, fn),
        withCookies: (response) => appendSetCookies(response, decision.setCookies),
        afterResponse() {
          response.destroyed = true;
          // Looked up only with a waitUntil to hand it to: peek() may create the default client.
          if (after) flushAfterResponse(source.peek(), after);
        },
      };
    },
  };
}
