import type { EventInput } from "@millimetric/core";
import { flushAfterResponse, requestScope } from "./requestScope";
import { resolveUserId } from "./resolveUserId";
import { serverClient } from "./serverState";

/**
 * Tracks a server-side event in a route handler, server action or server component. The
 * visitor's anonymous id (forwarded by `withMillimetric()`, the same id as their browser
 * events) and the user id from `configureMillimetric({ getUserId })` are added when the
 * event has none, and so are `url` and `path` of the request (a route handler's own URL; a
 * server component's or server action's page) when the event has neither; the event is
 * validated, queued and flushed after the response with `after()`. Resolves to the
 * event's `event_id`.
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
  const scope = await requestScope("track", event?.anonymous_id == null);
  const client = serverClient();
  if (!client) return undefined;
  // An opted-out visitor's event is dropped by the client (validated all the same): no user to look up.
  const userId = event?.user_id == null && !scope.optedOut ? await resolveUserId(scope.headers) : undefined;
  // The client fills what the event leaves out from these ids.
  // Where it happened, unless the caller said so: the URL the proxy forwarded.
  const located = scope.location && typeof event === "object" && event !== null && event.url == null && event.path == null;
  const eventId = client.track(located ? { ...event, ...scope.location } : event, { anonymous_id: scope.anonymousId, user_id: userId, opted_out: scope.optedOut });
  flushAfterResponse(scope, client);
  return eventId;
}
