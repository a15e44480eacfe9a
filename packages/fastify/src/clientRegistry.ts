import type { MillimetricClient } from "@millimetric/track-node";

/** What `flush()`/`shutdown()` need of a client (any copy of track-node's class). */
export type SettleableClient = Pick<MillimetricClient, "flush" | "shutdown">;

/** The arguments track-node's `client.flush()` takes, forwarded as they are. */
export type ClientFlushArgs = Parameters<MillimetricClient["flush"]>;
/** The arguments track-node's `client.shutdown()` takes, forwarded as they are. */
export type ClientShutdownArgs = Parameters<MillimetricClient["shutdown"]>;

/** Every client a plugin registration of this package sends to, by who stops it. */
export interface ClientRegistry {
  /** Created by the plugin from its client options, or track-node's default client it borrowed. */
  owned: Set<SettleableClient>;
  /** Passed as `register(millimetric, { client })`: flushed by us, stopped by the app. */
  given: Set<SettleableClient>;
}

// On globalThis under a registered symbol so the ESM and CJS copies of the package see
// each other's clients.
const REGISTRY = Symbol.for("millimetric.fastify.clients");

/** The process-wide registry. Clients are added once and kept: one per registration, not per request. */
export function clientRegistry(): ClientRegistry {
  const global = globalThis as { [REGISTRY]?: ClientRegistry };
  return (global[REGISTRY] ??= { owned: new Set(), given: new Set() });
}
