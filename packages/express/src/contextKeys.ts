import type { MillimetricContext } from "@millimetric/track-node/context";
import type { ClientSource } from "@millimetric/track-node/adapter";

/**
 * The key under which a request's context remembers which middleware (so which client)
 * handled it. Symbol-keyed fields survive track-node's context merging and are ignored
 * by everything that reads only `anonymous_id`/`user_id`.
 */
export const SOURCE = Symbol.for("millimetric.express.source");

/** The request context this package runs `next()` in. */
export interface ExpressContext extends MillimetricContext {
  [SOURCE]?: ClientSource;
}
