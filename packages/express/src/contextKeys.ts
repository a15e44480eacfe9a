import type { MillimetricContext } from "@millimetric/track-node/context";
import type { ClientSource } from "@millimetric/track-node/adapter";

/**
 * The key under which a request's context remembers which middleware (so which client)
 * handled it. Symbol-keyed fields survive track-node's context merging and are ignored
 * by everything that reads only `anonymous_id`/`user_id`.
 */
export const SOURCE = Symbol.for("millimetric.express.source");

/**
 * The key under which a request's context keeps its response, so a `track()` can tell it
 * runs in the context of a request that has already finished (see `warnIfRequestFinished`).
 */
export const RESPONSE = Symbol.for("millimetric.express.response");

/** The request context this package runs `next()` in. */
export interface ExpressContext extends MillimetricContext {
  [SOURCE]?: ClientSource;
  /** Only `destroyed` is read: true once the response emitted 'close' (after 'finish', or when the client went away). */
  [RESPONSE]?: { readonly destroyed: boolean };
}
