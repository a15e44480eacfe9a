import { failInDevelopment } from "@millimetric/core";
import { MillimetricClient, MillimetricError } from "@millimetric/track-node";
import type { MillimetricServerOptions } from "./MillimetricServerOptions";

interface ServerState {
  options: MillimetricServerOptions;
  client?: MillimetricClient;
  /** Requests (by their headers object) that already have a flush scheduled. */
  flushing: WeakSet<object>;
  /** The user id getUserId found for a request (by its headers object), so it runs until it finds one, not per event. */
  userIds: WeakMap<object, string>;
}

// On globalThis: Next bundles route handlers, server components, actions and
// instrumentation separately, and they must all share one configuration and client.
const SLOT = Symbol.for("millimetric.next.server");

/** The process-wide server state. Internal. */
export function serverState(): ServerState {
  const g = globalThis as { [SLOT]?: ServerState };
  return (g[SLOT] ??= { options: {}, flushing: new WeakSet(), userIds: new WeakMap() });
}

/**
 * The client `/server` helpers send through, created on first use from the options and
 * the environment. Without a key it throws in development (with what to set) and, in
 * production, logs once and returns `undefined`: a missing analytics key must never fail
 * a signup or a webhook.
 */
export function serverClient(): MillimetricClient | undefined {
  const s = serverState();
  if (!s.client) {
    // configureMillimetric() already put a given client in s.client: build one from the rest.
    const { getUserId: _u, client: _given, cookieName: _c, ...options } = s.options;
    try {
      s.client = new MillimetricClient({
        ...options,
        // Literal reads, so a bundler that inlines server env vars sees them.
        key: options.key ?? process.env.MILLIMETRIC_SECRET_KEY,
        host: options.host ?? process.env.MILLIMETRIC_HOST,
      });
    } catch (err) {
      if (!(err instanceof MillimetricError && err.code === "invalid_key")) throw err;
      failInDevelopment("invalid_key", `${err.message}. In Next.js set MILLIMETRIC_SECRET_KEY (server only, never NEXT_PUBLIC_) or call configureMillimetric({ key }); events are dropped until then.`, { once: "next:no-key" });
      return undefined;
    }
  }
  return s.client;
}
