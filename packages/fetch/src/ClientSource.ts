import { getClient, MillimetricClient, MillimetricError, type ClientOptions } from "@millimetric/track-node";
import { bindingOptions } from "./bindingOptions";
import { clientRegistry } from "./clientRegistry";
import { defaultClientIfAny } from "./defaultClientIfAny";

/**
 * Where a wrapper's events go, created on first use so an app without a key still
 * serves. With client options it owns a client; on Workers, whose key is in the `env`
 * each request receives, it creates one from that `env`; otherwise it borrows
 * track-node's default client (`init()`, `MILLIMETRIC_SECRET_KEY`), so track-node's own
 * `flush()` acts on the same one. Every client it ends up with is registered, so this
 * package's `flush()`/`shutdown()` reach it.
 */
export class ClientSource {
  private client: MillimetricClient | undefined;
  private readonly options: ClientOptions | undefined;

  constructor(client?: MillimetricClient, options?: ClientOptions) {
    this.client = client;
    this.options = options && Object.values(options).some((v) => v !== undefined) ? options : undefined;
    if (client) clientRegistry().given.add(client);
  }

  /**
   * The client, created now if needed. Throws (naming what to set) without a key.
   *
   * @param bindings The request's Workers `env`, read for `MILLIMETRIC_SECRET_KEY` and
   *   `MILLIMETRIC_HOST` when neither the options nor `process.env` have them.
   */
  get(bindings?: unknown): MillimetricClient {
    if (this.client) return this.client;
    const bound = bindingOptions(bindings);
    try {
      this.client =
        this.options || bound?.key
          ? new MillimetricClient({ ...this.options, key: this.options?.key ?? bound?.key, host: this.options?.host ?? bound?.host })
          : getClient();
      // The default client too: a later init() replaces it, and this one may still hold events.
      clientRegistry().owned.add(this.client);
      return this.client;
    } catch (err) {
      if (err instanceof MillimetricError && err.code === "invalid_key" && /no API key/.test(err.message)) {
        throw new MillimetricError(
          "invalid_key",
          "[millimetric] no API key: set MILLIMETRIC_SECRET_KEY to your sk_ key (and MILLIMETRIC_HOST for a local ingest server) in the environment " +
            "— on Cloudflare Workers as a secret or var, read from the handler's env — or pass withMillimetric(handler, { key })",
        );
      }
      throw err;
    }
  }

  /**
   * The client to flush after a response, if there can be anything to flush: this
   * source's own client once created, or the default client when one can exist. Never
   * creates one, never throws.
   */
  peek(): MillimetricClient | undefined {
    if (this.client || this.options) return this.client;
    return defaultClientIfAny();
  }
}
