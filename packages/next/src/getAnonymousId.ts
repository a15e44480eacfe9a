import { requestScope } from "./requestScope";

/**
 * The current visitor's anonymous id: the same id their browser events carry, forwarded
 * by `withMillimetric()` (on the very first request too). For passing on to code that
 * tracks elsewhere, e.g. a queue job.
 *
 * @throws MillimetricError (development only) outside a request or without a visitor id;
 * in production that is logged once and the result is `undefined`.
 * @example
 * ```ts
 * const anonymous_id = await getAnonymousId();
 * await queue.send({ kind: "welcome-email", userId, anonymous_id });
 * ```
 */
export async function getAnonymousId(): Promise<string | undefined> {
  return (await requestScope("getAnonymousId", true)).anonymousId;
}
