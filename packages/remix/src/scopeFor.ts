import { createRequestScope, type RequestScope } from "@millimetric/fetch";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";

// Every id, consent, visitor and cookie answer is core's decision as @millimetric/fetch's
// request scope applies it: this package only shares it among a request's loaders.
// One scope per options object: the cookie name and the visitor rule are fixed per scope,
// and bad cookie options throw when it is made.
const scopes = new WeakMap<MillimetricRemixOptions, RequestScope>();
const defaultScope = createRequestScope();

/** The `@millimetric/fetch` request scope deciding visitors for `options`. */
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
