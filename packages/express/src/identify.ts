import type { IdentifyInput } from "@millimetric/track-node";
import { getContext } from "@millimetric/track-node/context";
import { SOURCE, type ExpressContext } from "./contextKeys";
import { kit } from "./kit";

/**
 * Links the current request's anonymous id to `user_id` with a `$identify` event;
 * returns its `event_id`. Outside a request handled by `millimetric()`, or in one that
 * is no visitor's (a webhook), pass `anonymous_id` yourself: without it this throws in
 * development and, in production, logs once and skips the call (the API needs both ids).
 *
 * @example
 * ```ts
 * app.post("/login", async (req, res) => {
 *   const user = await logIn(req.body);
 *   identify({ user_id: user.id, traits: { plan: user.plan } });
 *   res.redirect("/");
 * });
 * ```
 */
export function identify(input: IdentifyInput): string | undefined {
  const context = getContext() as ExpressContext | undefined;
  return kit.identify(input, context, context?.[SOURCE]);
}
