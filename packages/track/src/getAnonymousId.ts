import { anonymousId } from "./identity";

/**
 * This browser's anonymous id, to pass to your server so its events join the visitor
 * (option A of the server-side recipe). `undefined` before {@link init} and on the server.
 *
 * @example
 * ```ts
 * await fetch("/api/signup", { method: "POST", body: JSON.stringify({ email, anonymous_id: getAnonymousId() }) });
 * ```
 */
export function getAnonymousId(): string | undefined {
  return anonymousId;
}
