import { getClient, MillimetricClient, MillimetricError, type ClientOptions } from "@millimetric/track-node";
import { clientRegistry } from "./clientRegistry";

/**
 * The long-running server's recipe, for the clients this package creates: batches of 50
 * (or the engine's 1 s interval), flushed on exit by `flushOnExit` (on by default).
 */
export const LONG_RUNNING_DEFAULTS: ClientOptions = { flushAt: 50 };

/**
 * Where a middleware's events go, created on first use so an app without a key still
 * serves. With explicit client options it owns a client; otherwise it borrows
 * track-node's default client, so `init()`, `flush()` and `shutdown()` from
 * track-node act on the same one (created with {@link LONG_RUNNING_DEFAULTS} when no
 * `init()` or earlier use created it first). Every client it ends up with is registered, so this
 * package's `flush()`/`shutdown()` reach it.
 */
export class ClientSource {
  private client: MillimetricClient | undefined;
  private readonly options: ClientOptions | undefined;

  constructor(client?: MillimetricClient, options?: ClientOptions) {
    this.client = client;
    this.options = options && Object.keys(options).length > 0 ? options : undefined;
    if (client) clientRegistry().given.add(client);
  }

  /** The client, created now if needed. Throws (naming what to set) without a key. */
  get(): MillimetricClient {
    if (this.client) return this.client;
    try {
      this.client = this.options ? new MillimetricClient({ ...LONG_RUNNING_DEFAULTS, ...this.options }) : getClient(LONG_RUNNING_DEFAULTS);
      // The default client too: a later init() replaces it, and this one may still hold events.
      clientRegistry().owned.add(this.client);
      return this.client;
    } catch (err) {
      if (err instanceof MillimetricError && err.code === "invalid_key" && /no API key/.test(err.message)) {
        throw new MillimetricError(
          "invalid_key",
          "[millimetric] no API key: set MILLIMETRIC_SECRET_KEY to your sk_ key (and MILLIMETRIC_HOST for a local ingest server), or pass app.use(millimetric({ key }))",
        );
      }
      throw err;
    }
  }

  /**
   * The client to flush on exit, if there can be anything to flush: this source's own
   * client once created, or the default client when one can exist (never throws).
   */
  peek(): MillimetricClient | undefined {
    if (this.client || this.options) return this.client;
    try {
      return getClient(LONG_RUNNING_DEFAULTS);
    } catch {
      return undefined;
    }
  }
}
