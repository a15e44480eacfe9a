import type { IncomingMessage, ServerResponse } from "node:http";
import { decideVisitor, visitorPolicy } from "@millimetric/core";
import { lazyUserId } from "@millimetric/track-node";
import { keepFromSharedCaches, nodeHeaderReader, RequestVisitor, RESPONSE_STATE } from "@millimetric/track-node/adapter";
import { runWithContext } from "@millimetric/track-node/context";
import { SOURCE, type ExpressContext } from "./contextKeys";
import { kit } from "./kit";
import type { MillimetricExpressOptions, MillimetricRequest, MillimetricResponse } from "./MillimetricExpressOptions";
import { rejectMiddlewareCall } from "./rejectMiddlewareCall";

/** What `app.use()` receives; assignable to Express 4's and 5's `RequestHandler`. */
export type MillimetricMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

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
 * Also sets `req.millimetric` (also `res.locals.millimetric`, for templates): the id,
 * `track`/`identify` bound to the request, and `aidScript()`, the `window.__aid` tag.
 *
 * No key is needed to serve: the client is created on the first `track()`.
 *
 * @throws MillimetricTypeError (`invalid_config`) naming the option when a cookie option is invalid.
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
  // Checked first: a bad cookie option fails here, at app start, naming the option.
  const policy = visitorPolicy({ cookie, ignorePrivacySignals });
  const source = kit.source(client, clientOptions);
  if (flushOnExit) source.flushOnExit(flushOnExit);
  const nonceOf = nonce ?? defaultNonce;

  return function millimetricMiddleware(rawReq, rawRes, next) {
    const req = rawReq as MillimetricRequest;
    const res = rawRes as MillimetricResponse;
    const decision = decideVisitor(
      {
        header: nodeHeaderReader(req.headers),
        method: req.method,
        // Express's own answer, which honours the app's trust-proxy setting.
        https: (req as { secure?: boolean }).secure === true,
        isVisitor: isVisitorRequest && (() => isVisitorRequest(req)),
      },
      policy,
    );
    // What Express's res.append() does for Set-Cookie, without its wrapping.
    if (decision.setCookies.length) {
      for (const value of decision.setCookies) appendHeader(res, value);
      // A shared cache must never store and replay this visitor's cookie (contract row 18).
      keepFromSharedCaches(res);
    }
    // cookie-parser, sessions or a proxied backend further down read the id the browser is about to store.
    if (decision.forwardedCookie !== undefined) req.headers.cookie = decision.forwardedCookie;
    const userId = getUserId ? lazyUserId(() => getUserId(req)) : undefined;
    const visitor = new RequestVisitor(decision, { kit, source, userId, nonce: () => nonceOf(req, res) });
    req.millimetric = visitor;
    if (!res.locals) res.locals = {};
    res.locals.millimetric = visitor;
    const context: ExpressContext = decision.context;
    if (userId) context.user_id = userId;
    context[SOURCE] = source;
    // A late track() in this context warns in development once the response closed.
    context[RESPONSE_STATE] = res;
    runWithContext(context, next);
  };
}

/** Appends a `Set-Cookie`, keeping those set before (by the app, or another middleware). */
function appendHeader(res: ServerResponse, value: string): void {
  const prev = res.getHeader("Set-Cookie");
  res.setHeader("Set-Cookie", prev == null ? value : Array.isArray(prev) ? [...prev, value] : [String(prev), value]);
}
