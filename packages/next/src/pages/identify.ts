import type { IdentifyInput } from "../identify";
import { identifyAt } from "../identifyAt";
import { serverClient } from "../serverState";
import { flushForPages } from "./flushForPages";
import type { PagesRequest } from "./PagesRequest";
import { pagesScope } from "./pagesScope";

/**
 * Links the request's visitor to your user id (a `$identify` event) from Pages Router
 * code, e.g. in the API route that signs a user in; like `track(req)`, the event gets `url`
 * and `path` of the request. Resolves to the event's `event_id`
 * once it is delivered (or handed to the platform's `waitUntil`); `undefined` when the
 * request has no visitor id to link, or the visitor opted out (nothing is sent).
 *
 * @throws TypeError when an id is invalid.
 * @example
 * ```ts
 * await identify(req, { user_id: user.id, traits: { plan: user.plan } });
 * ```
 */
export async function identify(req: PagesRequest, input: IdentifyInput): Promise<string | undefined> {
  const scope = pagesScope("identify()", req, input?.anonymous_id == null);
  const anonymous_id = input?.anonymous_id ?? scope.anonymousId;
  if (anonymous_id == null && !scope.optedOut) return undefined;
  const client = serverClient();
  if (!client) return undefined;
  // An opted-out visitor's link is dropped by the client (the input validated all the same).
  const eventId = identifyAt(client, input, anonymous_id, scope.optedOut, scope.location);
  await flushForPages(client);
  return eventId;
}
