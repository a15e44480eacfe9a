import type { ClientOptions } from "@millimetric/track-node";

/**
 * The long-running server's recipe (the seed's), for the clients a long-running server's
 * adapter (Express, Fastify) creates: batches of 50, or the engine's 1 s interval, flushed
 * on exit by {@link ClientSource.flushOnExit}. At a few hundred requests a second, one POST
 * per event costs several times the CPU per request of one POST per 50 (bench/RESULTS.md).
 *
 * @example new AdapterKit({ name: "express", defaults: LONG_RUNNING_DEFAULTS, … })
 */
export const LONG_RUNNING_DEFAULTS: ClientOptions = { flushAt: 50 };
