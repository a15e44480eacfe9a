import type { MillimetricContext } from "@millimetric/track-node/context";
import { ClientSource } from "./ClientSource";

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

const DEFAULT_SOURCE = new ClientSource();
let last: ClientSource | undefined;

/** Remembers the most recently created middleware's client, for track() outside requests. */
export function setLastSource(source: ClientSource): void {
  last = source;
}

/**
 * The client source for the current request, else the last middleware's, else
 * track-node's default client.
 */
export function sourceOf(context: ExpressContext | undefined): ClientSource {
  return context?.[SOURCE] ?? last ?? DEFAULT_SOURCE;
}
