import type { ClientSource } from "@millimetric/track-node/adapter";
import type { MillimetricContext } from "@millimetric/track-node/context";

/**
 * Under which key a request's context remembers which plugin registration (so which
 * client) handled it. Symbol-keyed fields survive track-node's context merging and are
 * ignored by everything that reads only `anonymous_id`/`user_id`.
 */
export const SOURCE = Symbol.for("millimetric.fastify.source");

/** The request context this package runs the rest of a request in. */
export interface FastifyContext extends MillimetricContext {
  [SOURCE]?: ClientSource;
}
