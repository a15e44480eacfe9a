import type { EventInput } from "@millimetric/core";
import { flushAfterResponse, requestScope } from "./requestScope";
import { resolveUserId } from "./resolveUserId";
import { serverClient } from "./serverState";

/**
 * Tracks a server-side event in a route handler, server action or server component. The
 * visitor's anonymous id (forwarded by `withMillimetric()`, the same id as their browser
 * events) and the user id from `configureMillimetric({ getUserId })` are added when the
 * event has none; the event is validated, queued and flushed after the response with
 * `after()`. Resolves to the event's `event_id`.
 *
 * @throws TypeError naming the field and rule when the event is invalid.
 * @throws MillimetricError (development only) outside a request, or when the request has
 * no visitor id because proxy.ts/middleware.ts with `withMillimetric()` is missing; in
 * production that is logged once and the event is still tracked with the ids it has.
 * @example
 * ```ts
 * "use server";
 * import { track } from "@millimetric/next/server";
 * export async function signup(form: FormData) {
 *   const user = await createUser(form);
 *   await track({ event: "signup", user_id: user.id, properties: { plan: "pro" } });
 * }
 * ```
 */
export async function track(event: EventInput): Promise<string | undefined> {
  const scope = await requestScope("track()", event?.anonymous_id == null);
  const input: EventInput = { ...event };
  if (input.anonymous_id == null && scope.anonymousId) input.anonymous_id = scope.anonymousId;
  if (input.user_id == null) {
    const userId = await resolveUserId();
    if (userId) input.user_id = userId;
  }
  const client = serverClient();
  if (!client) return undefined;
  const eventId = client.track(input);
  flushAfterResponse(scope, client);
  return eventId;
}
