import { mintId, type MillimetricEvent } from "@millimetric/core";
import { pooledRandomHex } from "@millimetric/core/internal";
import type { StoredEvent } from "../store/EventStore";
import type { UserAgentFacts } from "./parseUserAgent";

/** What a request knows about every event in it. */
export interface ArrivalContext {
  source: "browser" | "server";
  /** Arrival time, ms since the epoch. */
  now: number;
  /** Arrival time as ISO-8601 (computed once per request). */
  receivedAt: string;
  /** Derived from the User-Agent for browser requests; all null for server requests. */
  agent: UserAgentFacts;
  /** The visitor's IP for browser requests; null for server requests. */
  ip: string | null;
}

const SESSION_SECONDS = 1800;

/**
 * Turns a validated event into a row, filling what the server derives: the arrival
 * time when `timestamp` is absent, `session_id` as
 * `${anonymous_id}-${floor(unix_seconds/1800)}`, `path` from `url`, and, as the hosted
 * service does, an invented `anonymous_id` when the event has neither id (such a row
 * is marked `aid_missing` and can never be stitched).
 *
 * @example
 * ```ts
 * toStoredEvent({ event: "signup", anonymous_id: "u_1" }, ctx).session_id // "u_1-984532"
 * ```
 */
export function toStoredEvent(e: MillimetricEvent, ctx: ArrivalContext): StoredEvent {
  const ts = e.timestamp === undefined ? ctx.now : Date.parse(e.timestamp);
  const aidMissing = e.anonymous_id === undefined;
  const anonymousId = e.anonymous_id ?? (e.user_id === undefined ? mintId(pooledRandomHex) : null);
  return {
    event: e.event,
    event_id: e.event_id ?? null,
    timestamp: e.timestamp === undefined ? ctx.receivedAt : new Date(ts).toISOString(),
    ts_ms: ts,
    anonymous_id: anonymousId,
    user_id: e.user_id ?? null,
    session_id: e.session_id ?? (anonymousId === null ? null : `${anonymousId}-${Math.floor(ts / 1000 / SESSION_SECONDS)}`),
    url: e.url ?? null,
    path: e.path ?? (e.url === undefined ? null : pathOf(e.url)),
    referrer: e.referrer ?? null,
    properties: e.properties === undefined ? null : JSON.stringify(e.properties),
    source: ctx.source,
    received_at: ctx.receivedAt,
    aid_missing: aidMissing ? 1 : 0,
    browser: ctx.agent.browser,
    os: ctx.agent.os,
    device_type: ctx.agent.device_type,
    ip: ctx.ip,
  };
}

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}
