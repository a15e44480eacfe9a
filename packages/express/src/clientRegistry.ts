import type { MillimetricClient } from "@millimetric/track-node";

/** What `flush()`/`shutdown()` need of a client (any copy of track-node's class). */
export type SettleableClient = Pick<MillimetricClient, "flush" | "shutdown">;

/**
 * The arguments track-node's `client.flush()` takes, forwarded as they are: the package's
 * `flush()` accepts whatever the installed track-node does (its flush options).
 */
export type ClientFlushArgs = Parameters<MillimetricClient["flush"]>;
/** The arguments track-node's `client.shutdown()` takes, forwarded as they are. */
export type ClientShutdownArgs = Parameters<MillimetricClient["shutdown"]>;

/** Every client a middleware of this package sends to, by who stops it. */
export interface ClientRegistry {
  /** Created by a middleware from its client options, or track-node's default client it borrowed. */
  owned: Set<SettleableClient>;
  /** Passed as `millimetric({ client })`: flushed by us, stopped by the app. */
  given: Set<SettleableClient>;
}

// On globalThis under a registered symbol so the ESM and CJS copies of the package (or two
// versions of it) see each other's clients: the `flush()` an app imports settles the
// middleware a dependency mounted from the other copy too.
const REGISTRY = Symbol.for("millimetric.express.clients");

/** The process-wide registry. Clients are added once and kept: a client is one per middleware, not per request. */
export function clientRegistry(): ClientRegistry {
  const global = globalThis as { [REGISTRY]?: ClientRegistry };
  return (global[REGISTRY] ??= { owned: new Set(), given: new Set() });
}
