import { MillimetricClient } from "@millimetric/track-node";
import type { MillimetricServerOptions } from "./MillimetricServerOptions";

interface ServerState {
  options: MillimetricServerOptions;
  client?: MillimetricClient;
  /** Requests (by their headers object) that already have a flush scheduled. */
  flushing: WeakSet<object>;
}

// On globalThis: Next bundles route handlers, server components, actions and
// instrumentation separately, and they must all share one configuration and client.
const SLOT = Symbol.for("millimetric.next.server");

/** The process-wide server state. Internal. */
export function serverState(): ServerState {
  const g = globalThis as { [SLOT]?: ServerState };
  return (g[SLOT] ??= { options: {}, flushing: new WeakSet() });
}

/** The configured client, created on first use from the options and the environment. */
export function serverClient(): MillimetricClient {
  const s = serverState();
  if (!s.client) {
    const { getUserId: _u, client, cookieName: _c, ...options } = s.options;
    s.client =
      client ??
      new MillimetricClient({
        ...options,
        // Literal reads, so a bundler that inlines server env vars sees them.
        key: options.key ?? process.env.MILLIMETRIC_SECRET_KEY,
        host: options.host ?? process.env.MILLIMETRIC_HOST,
      });
  }
  return s.client;
}
