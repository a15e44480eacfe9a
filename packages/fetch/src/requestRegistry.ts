import type { RequestVisitor } from "@millimetric/track-node/adapter";

// On globalThis under a registered symbol so every copy of the package (ESM, CJS, edge)
// finds a request another copy's wrapper handled. A WeakMap: a request that is done with
// is collected with its entry.
const REQUESTS = Symbol.for("millimetric.fetch.requests");

/** Request -> its visitor, for `millimetricOf(request)`. */
export function requestRegistry(): WeakMap<Request, RequestVisitor> {
  const global = globalThis as { [REQUESTS]?: WeakMap<Request, RequestVisitor> };
  return (global[REQUESTS] ??= new WeakMap());
}
