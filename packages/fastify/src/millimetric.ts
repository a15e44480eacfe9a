import { decideVisitor, visitorPolicy } from "@millimetric/core";
import { lazyUserId } from "@millimetric/track-node";
import { keepFromSharedCaches, nodeHeaderReader, RequestVisitor, RESPONSE_STATE, type AidScriptOptions } from "@millimetric/track-node/adapter";
import { runWithContext } from "@millimetric/track-node/context";
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { SOURCE, type FastifyContext } from "./contextKeys";
import { FastifyMillimetricImpl } from "./FastifyMillimetric";
import { kit } from "./kit";
import type { MillimetricFastifyOptions } from "./MillimetricFastifyOptions";
import type { NonceOf } from "./NonceOf";

const defaultNonce: NonceOf = (_request, reply) => {
  const nonce = (reply as { cspNonce?: { script?: unknown } }).cspNonce?.script;
  return typeof nonce === "string" ? nonce : undefined;
};

const plugin: FastifyPluginCallback<MillimetricFastifyOptions> = (fastify, options, done) => {
  const { client, cookie, getUserId, isVisitorRequest, nonce, ignorePrivacySignals, flushOnExit = true, ...clientOptions } = options ?? {};
  let policy;
  try {
    // A bad cookie option fails the registration, naming the option.
    policy = visitorPolicy({ cookie, ignorePrivacySignals });
  } catch (err) {
    return done(err as Error);
  }
  const source = kit.source(client, clientOptions);
  if (flushOnExit) source.flushOnExit(flushOnExit);
  const nonceOf = nonce ?? defaultNonce;

  fastify.decorate("millimetric", new FastifyMillimetricImpl(source));
  fastify.decorateRequest("millimetric", null as unknown as RequestVisitor);
  fastify.decorateReply("millimetricScript", function millimetricScript(this: FastifyReply, scriptOptions?: AidScriptOptions): string {
    const visitor = this.request.millimetric as RequestVisitor | null;
    return visitor ? visitor.aidScript(scriptOptions) : "";
  });

  fastify.addHook("onRequest", function millimetricOnRequest(request: FastifyRequest, reply: FastifyReply, hookDone: (err?: Error) => void) {
    const decision = decideVisitor(
      {
        header: nodeHeaderReader(request.headers),
        method: request.method,
        // Fastify's own answer, which honours the app's trustProxy setting.
        https: request.protocol === "https",
        isVisitor: isVisitorRequest && (() => isVisitorRequest(request)),
      },
      policy,
    );
    // Set now: Fastify keeps it through errors, redirects and @fastify/cookie's own cookies.
    if (decision.setCookies.length) {
      for (const value of decision.setCookies) reply.header("set-cookie", value);
      // A shared cache must never store and replay this visitor's cookie (contract row 18).
      keepFromSharedCaches(reply.raw);
    }
    if (decision.forwardedCookie !== undefined) {
      // @fastify/cookie (before or after us), sessions or a proxied backend further down
      // read the same id the browser is about to store.
      request.headers.cookie = decision.forwardedCookie;
      const parsed = (request as { cookies?: Record<string, string | undefined> }).cookies;
      if (parsed && typeof parsed === "object") parsed[policy.cookieName] = decision.anonymousId;
    }
    const userId = getUserId ? lazyUserId(() => getUserId(request)) : undefined;
    request.millimetric = new RequestVisitor(decision, { kit, source, userId, nonce: () => nonceOf(request, reply) });
    const context: FastifyContext = decision.context;
    // Set even when undefined: it overrides what an enclosing scope may have.
    context.user_id = userId;
    context[SOURCE] = source;
    // A late track() in this context warns in development once the response closed.
    context[RESPONSE_STATE] = reply.raw;
    // Everything after this hook runs in the context: the other hooks, the handler, and the
    // body parsing, which Fastify 5 runs in an AsyncResource of the request (a body that
    // arrives after the headers keeps the context: see the slow-client test).
    runWithContext(context, () => hookDone());
  });

  fastify.addHook("onClose", async function millimetricOnClose(instance: FastifyInstance) {
    const pending = source.peek();
    if (!pending) return;
    try {
      // The client this registration created is stopped with the app; a shared one
      // (track-node's default, or one you passed) is only flushed.
      if (source.ownsClient) await pending.shutdown();
      else await pending.flush({ timeoutMs: 5000 });
    } catch (err) {
      instance.log.error(`[millimetric] events queued when the app closed were not all delivered: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  done();
};

/**
 * The Fastify 5 plugin: gives every visitor's request its anonymous id. In an `onRequest`
 * hook it reads the `aid` cookie (or the `x-millimetric-anonymous-id` header), validates
 * it, mints and sets it when missing on a browser's request (a webhook gets no id and no
 * cookie, see `isVisitorRequest`), and runs the rest of the request in a context so
 * `track()` in handlers and hooks — after any `await`, after the body is parsed — attaches
 * the id (and the user id from `getUserId`) by itself. Decorates `fastify.millimetric`,
 * `request.millimetric` (`anonymousId`, `minted`, `track`, `identify`, `script`) and
 * `reply.millimetricScript()`; batches (`flushAt: 50`) and flushes on `app.close()` and on
 * SIGTERM/SIGINT (`flushOnExit`). Registered with
 * `fastify-plugin`, so it is not encapsulated: register it once, before your routes.
 * Works with or without `@fastify/cookie`.
 *
 * No key is needed to serve: the client is created on the first `track()`.
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import millimetric, { track } from "@millimetric/fastify";
 *
 * const app = Fastify();
 * await app.register(millimetric, { getUserId: (request) => request.user?.id });
 * app.post("/signup", async (request) => {
 *   const user = await createUser(request.body);
 *   track({ event: "signup", user_id: user.id }); // anonymous_id comes from the request
 *   return user;
 * });
 * ```
 */
export const millimetric = fp(plugin, { fastify: "5.x", name: "@millimetric/fastify" });
