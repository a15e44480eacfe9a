import { hasOptOutCookie } from "./optOutCookie";
import { deferredOptions } from "./init";
import { apiKey, sendingAllowed } from "./state";

/**
 * Whether this browser sends nothing for the visitor's choice: the `mm_optout=1` cookie
 * ({@link optOut}, on this page or an earlier one; read by core's rule, so `%31` and `"1"`
 * count too), or, once {@link init} has run,
 * Do-Not-Track / Global Privacy Control (unless `ignorePrivacySignals`). `false` on the
 * server, where the request's `Sec-GPC` header and cookie decide instead.
 *
 * @example
 * ```ts
 * import { isOptedOut, optIn, optOut } from "@millimetric/track";
 * toggle.checked = !isOptedOut();
 * toggle.onchange = () => (toggle.checked ? optIn() : optOut());
 * ```
 */
export function isOptedOut(): boolean {
  if (typeof window == "undefined") return false;
  // Started: whether optOut() has stopped it since; not started: whether init held back.
  return hasOptOutCookie() || (apiKey ? !sendingAllowed : !!deferredOptions);
}
