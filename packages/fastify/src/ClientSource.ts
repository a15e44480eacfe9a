import { getClient, MillimetricClient, MillimetricError, type ClientOptions } from "@millimetric/track-node";
import { clientRegistry } from "./clientRegistry";
import { defaultClientIfAny } from "./defaultClientIfAny";

/**
 * Where a plugin registration's events go, created on first use so an app without a key
 * still serves. With client options it owns a client; otherwise it borrows track-node's
 * default client, so `init()`, `flush()` and `shutdown()` from track-node act on the same
 * one. Every client it ends up with is registered, so this package's `flush()`/`shutdown()`
 * reach it.
 */
export class ClientSource {
  private client: MillimetricClient | undefined;
  private readonly options: ClientOptions | undefined;

  constructor(client?: MillimetricClient, options?: ClientOptions) {
    this.client = client;
    this.options = options && Object.values(options).some((v) => v !== undefined) ? options : undefined;
    if (client) clientRegistry().given.add(client);
  }

  /** Whether the client is this source's own (created from its options): the one a closing app stops. */
  get ownsClient(): boolean {
    return this.options !== undefined;
  }

  /** The client, created now if needed. Throws (naming what to set) without a key. */
  get(): MillimetricClient {
    if (this.client) return this.client;
    try {
      this.client = this.options ? new MillimetricClient(this.options) : getClient();
      // The default client too: a later init() replaces it, and this one may still hold events.
      clientRegistry().owned.add(this.client);
      return this.client;
    } catch (err) {
      if (err instanceof MillimetricError && err.code === "invalid_key" && /no API key/.test(err.message)) {
        throw new MillimetricError(
          "invalid_key",
          "[millimetric] no API key: set MILLIMETRIC_SECRET_KEY to your sk_ key (and MILLIMETRIC_HOST for a local ingest server), or pass app.register(millimetric, { key })",
        );
      }
      throw err;
    }
  }

  /**
   * The client to flush, if there can be anything to flush: this source's own client once
   * created, or the default client when one can exist. Never creates one, never throws.
   */
  peek(): MillimetricClient | undefined {
    if (this.client || this.options) return this.client;
    return defaultClientIfAny();
  }
}
