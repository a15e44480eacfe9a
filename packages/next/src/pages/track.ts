import type { EventInput } from "@millimetric/core";
import { resolveUserId } from "../resolveUserId";
import { serverClient } from "../serverState";
import { flushForPages } from "./flushForPages";
import type { PagesRequest } from "./PagesRequest";
import { pagesScope } from "./pagesScope";

/**
 * Tracks a server-side event from Pages Router code (`getServerSideProps`,
 * `getInitialProps`, an API route): the request's visitor id (forwarded by
 * `withMillimetric()`, the same id as the browser's events), the user id from
 * `configureMillimetric({ getUserId })`, and the request's `url` and `path` are added
 * when the event has none. Resolves to the event's `event_id` once it is delivered, or at
 * once where the platform keeps the function alive for it (`waitUntil`), so a serverless
 * function loses nothing; `undefined` when the visitor opted out (`Sec-GPC: 1` or the
 * `mm_optout=1` cookie, as the proxy decided), and nothing is sent.
 *
 * @throws TypeError naming the field and rule when the event is invalid.
 * @example
 * ```ts
 * // pages/api/signup.ts
 * import { track } from "@millimetric/next/pages";
 * export default async function handler(req, res) {
 *   const user = await createUser(req.body);
 *   await track(req, { event: "signup", user_id: user.id });
 *   res.json({ ok: true });
 * }
 * ```
 */
export async function track(req: PagesRequest, event: EventInput): Promise<string | undefined> {
  const scope = pagesScope("track()", req, event?.anonymous_id == null);
  const client = serverClient();
  if (!client) return undefined;
  // An opted-out visitor's event is dropped by the client (validated all the same): no user to look up.
  const userId = event?.user_id == null && !scope.optedOut ? await resolveUserId(req) : undefined;
  const located = scope.location && typeof event === "object" && event !== null && event.url == null && event.path == null;
  const eventId = client.track(located ? { ...event, ...scope.location } : event, { anonymous_id: scope.anonymousId, user_id: userId, opted_out: scope.optedOut });
  await flushForPages(client);
  return eventId;
}
