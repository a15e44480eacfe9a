import { forgetAnonymousId } from "./identity";
import { writeOptOutCookie } from "./optOutCookie";
import { dropQueued } from "./queue";
import { allowSending } from "./state";

/**
 * The visitor opts out: from now on nothing is sent from this browser, on this page and
 * on every later one (init finds the cookie and starts nothing), and the servers honour it
 * too. Writes the first-party cookie `mm_optout=1` (`Path=/; Max-Age=31536000`; on https
 * `SameSite=None; Secure`, so a page of this site that another site frames reads it too;
 * on http `SameSite=Lax`) that every Millimetric server adapter reads, drops the
 * events still queued, and forgets the anonymous id: `localStorage.mm_aid` and the `aid`
 * cookie (with the server's `mm_minted` companion) are removed. The user id from
 * {@link identify} stays stored, unsent, for when the visitor opts back in. Works before
 * {@link init} too; does nothing on the server. Undo it with {@link optIn}.
 *
 * @example
 * ```ts
 * import { optOut } from "@millimetric/track";
 * declineButton.onclick = () => optOut();
 * ```
 */
export function optOut(): void {
  if (typeof window == "undefined") return;
  writeOptOutCookie(true);
  allowSending(false);
  dropQueued();
  forgetAnonymousId();
}
