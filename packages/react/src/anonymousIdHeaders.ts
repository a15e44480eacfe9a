import * as browser from "@millimetric/track";
import { latestProvider } from "./latestProvider";
import { startSdk } from "./startSdk";

/**
 * The header that carries this browser's anonymous id to an API on another origin:
 * `{ "x-millimetric-anonymous-id": id }`, or `{}` when there is no id to send (the visitor
 * opted out, no `<MillimetricProvider>` has rendered yet, on the server) — never a missing
 * id, never the string `"undefined"`. Once a provider has rendered it starts the SDK with
 * that provider's props first, so it has the id in a child's mount effect, in a data
 * library's fetcher and in event handlers alike (the provider's own effect runs after its
 * children's). Inside components `useMillimetric().anonymousIdHeaders` is the same. The API
 * must allow the header in its CORS configuration (`ANONYMOUS_ID_HEADER`, exported by every
 * server adapter).
 *
 * @default `{}` until a provider has rendered (or `init` ran), and while the visitor is opted out
 * @example
 * ```ts
 * import { anonymousIdHeaders } from "@millimetric/react";
 * const res = await fetch(`${API}/plans`, { headers: anonymousIdHeaders() });
 * ```
 */
export function anonymousIdHeaders(): Record<string, string> {
  if (latestProvider) startSdk(latestProvider);
  return browser.anonymousIdHeaders();
}
