import { ANONYMOUS_ID_HEADER } from "@millimetric/core";
import { anonymousId } from "./identity";
import { sendingAllowed } from "./state";

/**
 * The header that carries this browser's anonymous id to your API, for requests that do
 * not carry the `aid` cookie (an API on another origin, a `fetch` without credentials):
 * `{ "x-millimetric-anonymous-id": id }` once {@link init} has settled an id, and `{}`
 * otherwise — before `init`, while the visitor is opted out (`optOut()`, `mm_optout`,
 * Do-Not-Track / Global Privacy Control), and on the server. It never sends a missing id
 * (no `"undefined"` header), so spread it into any request's headers unconditionally.
 * Every Millimetric server adapter gives that id to the request's server events, and
 * leaves its own cookie alone; an API on another origin must allow the header in its CORS
 * configuration (`ANONYMOUS_ID_HEADER`, exported by every adapter).
 *
 * @default `{}` until init has run (and while the visitor is opted out)
 * @example
 * ```ts
 * import { anonymousIdHeaders } from "@millimetric/track";
 * await fetch("https://api.example.com/signup", {
 *   method: "POST",
 *   headers: { "content-type": "application/json", ...anonymousIdHeaders() },
 *   body: JSON.stringify({ email }),
 * });
 * ```
 */
export function anonymousIdHeaders(): Record<string, string> {
  // sendingAllowed: init started and no optOut() since (undefined before init and while
  // init held back for consent; false after optOut, which also forgets the id).
  return sendingAllowed && anonymousId ? { [ANONYMOUS_ID_HEADER]: anonymousId } : {};
}
