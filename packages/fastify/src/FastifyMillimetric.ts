import type { EventInput, FlushOptions } from "@millimetric/core";
import type { IdentifyInput, MillimetricClient } from "@millimetric/track-node";
import type { ClientSource } from "@millimetric/track-node/adapter";
import { getContext } from "@millimetric/track-node/context";
import { SOURCE, type FastifyContext } from "./contextKeys";
import { kit } from "./kit";

/**
 * `fastify.millimetric`: the plugin's client and request-aware `track`/`identify`, for
 * code that has the Fastify instance at hand (other plugins, `onReady` jobs).
 */
export interface FastifyMillimetric {
  /**
   * The client this registration sends to, created on first access (throws in
   * development without a key, naming what to set).
   * @example fastify.millimetric.client.stats.queued
   */
  readonly client: MillimetricClient;
  /**
   * The module-level `track()`: inside a request its ids (and its registration's client);
   * outside one, this registration's client with the ids you pass.
   * @example fastify.millimetric.track({ event: "cron_ran", user_id: "system" })
   */
  track(event: EventInput): string | undefined;
  /**
   * The module-level `identify()`.
   * @example fastify.millimetric.identify({ user_id: user.id })
   */
  identify(input: IdentifyInput): string | undefined;
  /**
   * Delivers what this registration's client has queued (no-op when nothing was ever
   * tracked). `app.close()` does it too.
   * @example await fastify.millimetric.flush({ timeoutMs: 2000 })
   */
  flush(options?: FlushOptions): Promise<void>;
}

/** The decorator's implementation, over one registration's client source. */
export class FastifyMillimetricImpl implements FastifyMillimetric {
  private readonly source: ClientSource;

  constructor(source: ClientSource) {
    this.source = source;
  }

  get client(): MillimetricClient {
    return this.source.get();
  }

  track(event: EventInput): string | undefined {
    const context = getContext() as FastifyContext | undefined;
    return kit.track(event, context, context?.[SOURCE] ?? this.source);
  }

  identify(input: IdentifyInput): string | undefined {
    const context = getContext() as FastifyContext | undefined;
    return kit.identify(input, context, context?.[SOURCE] ?? this.source);
  }

  flush(options?: FlushOptions): Promise<void> {
    return this.source.peek()?.flush(options) ?? Promise.resolve();
  }
}
