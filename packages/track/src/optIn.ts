import { mintId } from "@millimetric/core";
import { anonymousId, storeAnonymousId } from "./identity";
import { writeOptOutCookie } from "./optOutCookie";
import { deferredOptions, init } from "./init";
import { allowSending, apiKey } from "./state";

/**
 * Undoes {@link optOut}: clears the `mm_optout` cookie and lets events be sent again, from
 * the next call on (events tracked while opted out were never kept). Do-Not-Track and
 * Global Privacy Control still apply unless init has `ignorePrivacySignals`. When the
 * visitor had opted out before this page loaded, the SDK starts now, as init would have:
 * a fresh anonymous id and, with `autoPageView`, a `$pageview` for this page. After an
 * optOut() on this page the visitor gets a fresh anonymous id (the old one was forgotten),
 * written to the `aid` cookie when it is mirrored. Does nothing on the server.
 *
 * @example
 * ```ts
 * import { optIn } from "@millimetric/track";
 * acceptButton.onclick = () => optIn();
 * ```
 */
export function optIn(): void {
  if (typeof window == "undefined") return;
  writeOptOutCookie(false);
  if (deferredOptions && !apiKey) return init(deferredOptions);
  // Before init there is nothing to resume: init settles the id itself.
  if (!apiKey) return;
  allowSending(true);
  if (!anonymousId) storeAnonymousId(mintId(), true);
}
