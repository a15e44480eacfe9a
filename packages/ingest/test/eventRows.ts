import type { StoredEvent } from "../src/store/EventStore";

const T0 = Date.parse("2026-03-01T10:00:00Z");

/** What an event says about itself; the rest of the row is filled as the ingest would. */
export interface RowInput {
  source: "browser" | "server";
  anonymous_id?: string;
  user_id?: string;
  /** Seconds after a fixed instant. */
  at: number;
  event?: string;
}

/**
 * A stored row as `toStoredEvent` makes it: an event without `anonymous_id` is marked
 * `aid_missing`, and with no `user_id` either it gets an invented id of its own.
 */
export function eventRow({ source, anonymous_id, user_id, at, event = "e" }: RowInput, i: number): StoredEvent {
  const ts = T0 + at * 1000;
  const iso = new Date(ts).toISOString();
  return {
    event,
    event_id: `ev_${i}`,
    timestamp: iso,
    ts_ms: ts,
    anonymous_id: anonymous_id ?? (user_id === undefined ? `u_minted_${i}` : null),
    user_id: user_id ?? null,
    session_id: null,
    url: null,
    path: null,
    referrer: null,
    properties: null,
    source,
    received_at: iso,
    aid_missing: anonymous_id === undefined ? 1 : 0,
    browser: null,
    os: null,
    device_type: null,
    ip: null,
  };
}
