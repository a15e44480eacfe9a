import type { SourceFlushOnExitOptions } from "@millimetric/track-node/adapter";

/**
 * Options of the middleware's `flushOnExit`: track-node's `flushOnExit()` options, for the
 * middleware's own client (so without `client`).
 */
export interface FlushOnExitOptions extends SourceFlushOnExitOptions {}
