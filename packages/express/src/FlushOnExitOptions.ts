import type { FlushOnExitOptions as ClientFlushOnExitOptions } from "@millimetric/track-node";

/**
 * Options of the middleware's `flushOnExit`: track-node's `flushOnExit()` options, for the
 * middleware's own client (so without `client`).
 */
export interface FlushOnExitOptions extends Omit<ClientFlushOnExitOptions, "client"> {}
