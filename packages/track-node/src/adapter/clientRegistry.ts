import type { MillimetricClient } from "@millimetric/track-node";

/** What `flush()`/`shutdown()` need of a client (any copy of track-node's class). */
export type SettleableClient = Pick<MillimetricClient, "flush" | "shutdown">;

/**
 * The arguments track-node's `client.flush()` takes, forwarded as they are: an adapter's
 * `flush()` accepts whatever the installed track-node does (its flush options).
 */
export type ClientFlushArgs = Parameters<MillimetricClient["flush"]>;
/** The arguments track-node's `client.shutdown()` takes, forwarded as they are. */
export type ClientShutdownArgs = Parameters<MillimetricClient["shutdown"]>;

/** Every client one adapter sends to, by who stops it. */
export interface ClientRegistry {
  /** Created by the adapter from its client options (or a Workers `env`), or track-node's default client it borrowed. */
  owned: Set<SettleableClient>;
  /** Passed to the adapter as `{ client }`: flushed by the adapter, stopped by the app. */
  given: Set<SettleableClient>;
}

/**
 * The process-wide registry of the adapter `name`. On globalThis under a registered symbol
 * (`millimetric.<name>.clients`) so the ESM, CJS and edge builds of that adapter (and of
 * this kit) see each other's clients: the `flush()` an app imports settles a middleware a
 * dependency mounted from the other build too. Clients are added once and kept: one per
 * middleware, not per request.
 */
export function clientRegistry(name: string): ClientRegistry {
  const global = globalThis as { [key: symbol]: ClientRegistry | undefined };
  return (global[Symbol.for(`millimetric.${name}.clients`)] ??= { owned: new Set(), given: new Set() });
}
