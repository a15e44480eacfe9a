import { visitorPolicy, type VisitorPolicy } from "@millimetric/core";
import type { MillimetricClient } from "@millimetric/track-node";
import { clientFor, type ClientSource } from "@millimetric/track-node/adapter";
import { kit } from "./kit";
import type { MillimetricServerOptions } from "./MillimetricServerOptions";

interface ServerState {
  options: MillimetricServerOptions;
  /** The visitor policy the options give (cookie name, privacy signals), made once per configuration. */
  policy?: VisitorPolicy;
  /** Where `/server` and `/pages` events go, made on first use from the options (configureMillimetric resets it). */
  source?: ClientSource;
  /** Requests (by their headers object) that already have a flush scheduled. */
  flushing: WeakSet<object>;
  /** Each request's user-id resolver (by its headers object), so getUserId runs until it finds a user, not per event. */
  userIds: WeakMap<object, () => string | undefined | Promise<string | undefined>>;
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
 * production, logs once and returns `undefined` (the kit's no-key policy): a missing
 * analytics key must never fail a signup or a webhook.
 */
export function serverClient(): MillimetricClient | undefined {
  const state = serverState();
  if (!state.source) {
    const { getUserId: _u, client, cookie: _k, cookieName: _c, ignorePrivacySignals: _p, ...options } = state.options;
    state.source = kit.source(client, {
      ...options,
      // Literal reads, so a bundler that inlines server env vars sees them.
      key: options.key ?? process.env.MILLIMETRIC_SECRET_KEY,
      host: options.host ?? process.env.MILLIMETRIC_HOST,
    });
  }
  return clientFor(state.source);
}

/**
 * The visitor policy of the `/server` and `/pages` helpers, from `configureMillimetric()`'s
 * `cookie` (or `cookieName`) and `ignorePrivacySignals`. It only counts for a request the
 * proxy did not decide (behind `withMillimetric()` the proxy's forwarded decision does).
 */
export function serverPolicy(): VisitorPolicy {
  const state = serverState();
  return (state.policy ??= policyOf(state.options));
}

/** Checks the options' cookie (a bad one throws `invalid_config` naming it) and prepares the policy. */
export function policyOf(options: MillimetricServerOptions): VisitorPolicy {
  const cookie = options.cookie ?? (options.cookieName === undefined ? undefined : { name: options.cookieName });
  return visitorPolicy({ cookie, ignorePrivacySignals: options.ignorePrivacySignals });
}
