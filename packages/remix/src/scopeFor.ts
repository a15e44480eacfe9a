import { createRequestScope, type RequestScope } from "@millimetric/fetch";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";

// The id rule, the cookie and its mm_minted companion, "no invented visitors" and the
// Secure detection are @millimetric/fetch's; this package only caches what it resolved.
// One scope per options object: the cookie name and the visitor rule are fixed per scope.
const scopes = new WeakMap<MillimetricRemixOptions, RequestScope>();
const defaultScope = createRequestScope();

/** The `@millimetric/fetch` request scope resolving ids for `options`. */
export function scopeFor(options: MillimetricRemixOptions | undefined): RequestScope {
  if (!options || (!options.cookie && !options.isVisitorRequest && !options.ignorePrivacySignals)) return defaultScope;
  let scope = scopes.get(options);
  if (!scope) {
    // The client is never the scope's: the helpers send through track-node's default client.
    scope = createRequestScope({ cookie: options.cookie, isVisitorRequest: options.isVisitorRequest, ignorePrivacySignals: options.ignorePrivacySignals });
    scopes.set(options, scope);
  }
  return scope;
}
