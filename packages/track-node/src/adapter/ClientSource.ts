import { MillimetricError } from "@millimetric/core";
import { existingClient, flushOnExit, getClient, MillimetricClient, type ClientOptions } from "@millimetric/track-node";
import { bindingOptions } from "./bindingOptions";
import type { ClientRegistry } from "./clientRegistry";
import type { SourceFlushOnExitOptions } from "./SourceFlushOnExitOptions";

/** What a {@link ClientSource} takes from its adapter's kit. */
export interface ClientSourceSettings {
  /** The adapter's process-wide registry, where every client the source ends up with goes. */
  registry(): ClientRegistry;
  /** Options the clients the source creates start from. */
  defaults: ClientOptions | undefined;
  /** The adapter's way to pass a key, ending the "no API key" message. */
  keyFix: string;
}

const NO_KEY = "[millimetric] no API key: set MILLIMETRIC_SECRET_KEY to your sk_ key (and MILLIMETRIC_HOST for a local ingest server)";

/**
 * Where one middleware's (wrapper's, plugin registration's) events go, created on first
 * use so an app without a key still serves. With client options it owns a client; given a
 * request's platform environment with a key (the Workers `env`) it creates one from that;
 * otherwise it borrows track-node's default client, so `init()`, `flush()` and `shutdown()`
 * from track-node act on the same one. Every client it ends up with is registered, so the
 * adapter's `flush()`/`shutdown()` reach it. Made by {@link AdapterKit.source}.
 */
export class ClientSource {
  private client: MillimetricClient | undefined;
  private readonly options: ClientOptions | undefined;
  private readonly settings: ClientSourceSettings;

  constructor(settings: ClientSourceSettings, client?: MillimetricClient, options?: ClientOptions) {
    this.settings = settings;
    this.client = client;
    // `{ key: process.env.UNSET }` configures nothing: the default client serves it.
    this.options = options && Object.values(options).some((v) => v !== undefined) ? options : undefined;
    if (client) settings.registry().given.add(client);
  }

  /** Whether the client is this source's own (created from its options): the one a closing app stops. */
  get ownsClient(): boolean {
    return this.options !== undefined;
  }

  /**
   * The client, created now if needed. Throws (naming what to set) without a key.
   *
   * @param bindings The request's platform environment (the Workers `env`), read for
   *   `MILLIMETRIC_SECRET_KEY` and `MILLIMETRIC_HOST` when neither the options nor
   *   `process.env` have them.
   */
  get(bindings?: unknown): MillimetricClient {
    if (this.client) return this.client;
    const { defaults, keyFix, registry } = this.settings;
    const bound = bindingOptions(bindings);
    try {
      this.client =
        this.options || bound?.key
          ? new MillimetricClient({ ...defaults, ...this.options, key: this.options?.key ?? bound?.key, host: this.options?.host ?? bound?.host })
          : getClient(defaults);
      // The default client too: a later init() replaces it, and this one may still hold events.
      registry().owned.add(this.client);
      return this.client;
    } catch (err) {
      if (err instanceof MillimetricError && err.code === "invalid_key" && /no API key/.test(err.message)) {
        throw new MillimetricError("invalid_key", `${NO_KEY}${keyFix}`);
      }
      throw err;
    }
  }

  /**
   * The client to flush (after a response, on exit, on close), if there can be anything to
   * flush: this source's own client once created, or the default client once anything
   * created it. Never creates a client, never throws.
   */
  peek(): MillimetricClient | undefined {
    if (this.client || this.options) return this.client;
    return existingClient();
  }

  /**
   * Flushes this source's client on SIGTERM/SIGINT (track-node's `flushOnExit`), the client
   * looked up when the signal arrives, since it is created on first use.
   *
   * @param options `true` for track-node's defaults (5 s at most, SIGTERM and SIGINT).
   */
  flushOnExit(options: true | SourceFlushOnExitOptions): void {
    flushOnExit({ ...(options === true ? {} : options), client: () => this.peek() });
  }
}
