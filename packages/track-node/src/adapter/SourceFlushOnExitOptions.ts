import type { FlushOnExitOptions } from "@millimetric/track-node";

/**
 * Options of an adapter's `flushOnExit` option: track-node's `flushOnExit()` options, for
 * the client of the middleware (plugin registration) that takes them, so without `client`.
 */
export interface SourceFlushOnExitOptions extends Omit<FlushOnExitOptions, "client"> {}
