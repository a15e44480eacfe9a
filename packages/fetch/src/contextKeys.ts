import type { MillimetricContext } from "@millimetric/track-node";
import type { ClientSource, RequestVisitor } from "@millimetric/track-node/adapter";

/**
 * Under which key a request's context remembers which wrapper (so which client) handled
 * it. Symbol-keyed fields survive track-node's context merging and are ignored by
 * everything that reads only `anonymous_id`/`user_id`.
 */
export const SOURCE = Symbol.for("millimetric.fetch.source");

/** Under which key a request's context keeps its `RequestMillimetric` (for `aidScript()`). */
export const VISITOR = Symbol.for("millimetric.fetch.visitor");

/** Under which key a request's context keeps its Workers `env` (where a Worker's key is). */
export const BINDINGS = Symbol.for("millimetric.fetch.bindings");

/** The request context this package runs handlers in. */
export interface FetchContext extends MillimetricContext {
  [SOURCE]?: ClientSource;
  [VISITOR]?: RequestVisitor;
  [BINDINGS]?: unknown;
}
