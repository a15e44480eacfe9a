import type { IncomingMessage, ServerResponse } from "node:http";
import { AID_COOKIE, ANONYMOUS_ID_HEADER, aidCookieTemplate, isOptedOut, replaceCookie, resolveAnonymousId, serializeAidCookie } from "@millimetric/core";
import { lazyUserId } from "@millimetric/track-node";
import { guardVisitorRule, isBrowserNodeRequest, type NodeRequestHeaders } from "@millimetric/track-node/adapter";
import { runWithContext } from "@millimetric/track-node/context";
import { RESPONSE, SOURCE, type ExpressContext } from "./contextKeys";
import { kit } from "./kit";
import { LocalsMillimetricImpl } from "./LocalsMillimetric";
import type { MillimetricExpressOptions, MillimetricRequest, MillimetricResponse } from "./MillimetricExpressOptions";
import { rejectMiddlewareCall } from "./rejectMiddlewareCall";
import { RequestMillimetricImpl, type RequestMillimetric } from "./RequestMillimetric";

/** What `app.use()` receives; assignable to Express 4's and 5's `RequestHandler`. */
export type MillimetricMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

type ExpressRes = MillimetricResponse;

const defaultNonce = (_req: MillimetricRequest, res: MillimetricResponse): string | undefined => {
  const nonce = res.locals.cspNonce ?? res.locals.nonce;
  return typeof nonce === "string" ? nonce : undefined;
};

/**
 * Express middleware (4 and 5) that gives every visitor's request its anonymous id:
 * it reads the `aid` cookie (or the `x-millimetric-anonymous-id` header), validates it,
 * mints and sets it when missing on a browser's request (see `isVisitorRequest`: a
 * webhook gets no id and no cookie), and runs the rest of the request in a context so
 * `track()` in the request's own call chain — after awaits, in callbacks and promise
 * chains it schedules — attaches the id (and the user id from `getUserId`) by itself.
 * Also sets `req.millimetric` and `res.locals.millimetric.script` (the `window.__aid`
 * tag for templates).
 *
 * No key is needed to serve: the client is created on the first `track()`.
 *
 * @throws TypeError when mounted without the call (`app.use(millimetric)`), on the first request.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { millimetric, track } from "@millimetric/express";
 *
 * const app = express();
 * app.use(millimetric({ getUserId: (req) => req.user?.id, flushOnExit: true }));
 * app.post("/signup", async (req, res) => {
 *   const user = await createUser(req.body);
 *   track({ event: "signup", user_id: user.id }); // anonymous_id comes from the request
 *   res.status(201).json(user);
 * });
 * ```
 */
export function millimetric(options: MillimetricExpressOptions = {}): MillimetricMiddleware {
  // Before anything else: a (req, res, next) call must not register a client or a signal listener.
  // eslint-disable-next-line prefer-rest-params
  rejectMiddlewareCall(arguments);
  const { client, cookie, getUserId, nonce, flushOnExit = true, isVisitorRequest, ignorePrivacySignals, ...clientOptions } = options;
  const source = kit.source(client, clientOptions);
  if (flushOnExit) source.flushOnExit(flushOnExit);

  const cookieName = cookie?.name ?? AID_COOKIE.name;
  // How the browser writes the id back under this same cookie (undefined: the defaults).
  const template = aidCookieTemplate(cookie);
  const nonceOf = nonce ?? defaultNonce;
  const isVisitor = isVisitorRequest ? guardVisitorRule(isVisitorRequest) : (req: { headers: NodeRequestHeaders }) => isBrowserNodeRequest(req.headers);
  // Cookie attributes for http and https requests, built once.
  const plain = { ...cookie, secure: cookie?.secure ?? false };
  const secure = { ...cookie, secure: cookie?.secure ?? true };

  return function millimetricMiddleware(rawReq, rawRes, next) {
    const req = rawReq as MillimetricRequest;
    const res = rawRes as ExpressRes;
    const header = req.headers[ANONYMOUS_ID_HEADER];
    // Consent first: an opted-out visitor gets no id, no cookie, and its events are dropped.
    const optedOut = isOptedOut((name) => req.headers[name] as string | undefined, ignorePrivacySignals);
    const aid = resolveAnonymousId({
      header: typeof header === "string" ? header : undefined,
      cookieHeader: req.headers.cookie,
      cookieName,
    });
    // No invented visitors: an id is minted only for a request a browser made. The minted
    // value is then simply dropped (the pooled mint costs a fraction of a microsecond).
    const visitor = !optedOut && (!aid.minted || isVisitor(req));
    const id = visitor ? aid.id : undefined;
    const minted = visitor && aid.minted;
    if (visitor && aid.setCookie) {
      // What Express's res.append() does for Set-Cookie, without its wrapping: this runs on
      // every new visitor's request.
      appendHeader(res, serializeAidCookie(aid.id, (req as { secure?: boolean }).secure === true ? secure : plain));
      // Forward the id on this request too: cookie-parser, sessions or a proxied backend
      // further down read the same id the browser is about to store. Without a Cookie
      // header there is nothing to replace.
      const cookieHeader = req.headers.cookie;
      req.headers.cookie = cookieHeader ? replaceCookie(cookieHeader, cookieName, aid.id) : `${cookieName}=${aid.id}`;
    }
    const userId = getUserId ? lazyUserId(() => getUserId(req)) : undefined;
    (req as { millimetric: RequestMillimetric }).millimetric = new RequestMillimetricImpl(id, minted, source, userId, optedOut);
    if (!res.locals) res.locals = {};
    res.locals.millimetric = new LocalsMillimetricImpl(id, minted, template, req, res, nonceOf);
    // `anonymous_id` is set even when undefined: it overrides an id an enclosing scope
    // may have, since this middleware decided this request has none.
    const context: ExpressContext = { anonymous_id: id, minted, [SOURCE]: source, [RESPONSE]: res };
    if (userId) context.user_id = userId;
    if (optedOut) context.opted_out = true;
    runWithContext(context, next);
  };
}

/** Appends a `Set-Cookie`, keeping those set before (by the app, or another middleware). */
function appendHeader(res: ServerResponse, value: string): void {
  const prev = res.getHeader("Set-Cookie");
  res.setHeader("Set-Cookie", prev == null ? value : Array.isArray(prev) ? [...prev, value] : [String(prev), value]);
}
