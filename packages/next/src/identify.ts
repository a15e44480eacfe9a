import { flushAfterResponse, requestScope } from "./requestScope";
import { identifyAt } from "./identifyAt";
import { kit } from "./kit";
import { serverClient } from "./serverState";

/** Arguments of {@link identify}. */
export interface IdentifyInput {
  /** Your app's id for the user (1–256 chars). */
  user_id: string;
  /** Properties of the user, stored on the `$identify` event. */
  traits?: Record<string, unknown>;
  /**
   * The visitor's anonymous id.
   * @default the current request's id (forwarded by withMillimetric())
   */
  anonymous_id?: string;
  /** Idempotency key. @default a random id */
  event_id?: string;
}

/**
 * Links the current visitor's anonymous id to your user id (a `$identify` event), e.g.
 * right after signup or login in a server action; like `track()`, the event gets `url`
 * and `path` of the request it happened in. Flushed after the response. Resolves to
 * the event's `event_id`, or `undefined` when (in production) the request had no visitor
 * id to link, which is logged once.
 *
 * @throws TypeError when an id is invalid.
 * @throws MillimetricError (development only) outside a request or without a visitor id:
 * the message says how to add proxy.ts.
 * @example
 * ```ts
 * await identify({ user_id: user.id, traits: { plan: user.plan } });
 * ```
 */
export async function identify(input: IdentifyInput): Promise<string | undefined> {
  const scope = await requestScope("identify", input?.anonymous_id == null);
  const anonymous_id = input?.anonymous_id ?? scope.anonymousId;
  if (anonymous_id == null && !scope.optedOut) {
    // No invented visitors: say so, instead of dropping the link silently.
    if (scope.noVisitor) kit.missingVisitor("identify");
    return undefined;
  }
  const client = serverClient();
  if (!client) return undefined;
  const eventId = identifyAt(client, input, anonymous_id, scope.optedOut, scope.location);
  flushAfterResponse(scope, client);
  return eventId;
}
