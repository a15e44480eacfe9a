import type { MillimetricContext } from "@millimetric/track-node/context";
import { ClientSource } from "./ClientSource";

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

const DEFAULT_SOURCE = new ClientSource();
let last: ClientSource | undefined;

/** Remembers the most recently registered plugin's client, for track() outside requests. */
export function setLastSource(source: ClientSource): void {
  last = source;
}

/** The client source for the current request, else the last registration's, else track-node's default client. */
export function sourceOf(context: FastifyContext | undefined): ClientSource {
  return context?.[SOURCE] ?? last ?? DEFAULT_SOURCE;
}
