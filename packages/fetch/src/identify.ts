import type { IdentifyInput } from "@millimetric/track-node";
import { BINDINGS, SOURCE, type FetchContext } from "./contextKeys";
import { kit } from "./kit";
import { getContext } from "./requestContext";

/**
 * Links the current request's anonymous id to `user_id` with a `$identify` event;
 * returns its `event_id`. Outside a request handled by `withMillimetric()`, or in one that
 * is no visitor's (a webhook), pass `anonymous_id` yourself: without it this throws in
 * development and, in production, logs once and skips the call (the API needs both ids).
 *
 * @example
 * ```ts
 * app.post("/login", async (c) => {
 *   const user = await logIn(await c.req.json());
 *   identify({ user_id: user.id, traits: { plan: user.plan } });
 *   return c.redirect("/");
 * });
 * ```
 */
export function identify(input: IdentifyInput): string | undefined {
  const context = getContext() as FetchContext | undefined;
  return kit.identify(input, context, context?.[SOURCE], context?.[BINDINGS]);
}
