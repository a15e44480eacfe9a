/**
 * One analytics event as it travels on the wire (body of `POST /v1/track`, element of
 * `POST /v1/batch`). Field rules are in `checkEvent`.
 */
export interface MillimetricEvent {
  /** 1–128 chars; `$` prefix reserved for system events (`$pageview`, `$identify`). */
  event: string;
  /** 1–128 chars; idempotency / join key. SDKs stamp a random one when absent. */
  event_id?: string;
  /** ISO-8601 date-time with a zone. SDKs stamp the time of the `track()` call. */
  timestamp?: string;
  /** 1–128 chars; per device/browser. */
  anonymous_id?: string;
  /** 1–256 chars; the app's own stable user id. */
  user_id?: string;
  /** 1–128 chars; server default `${anonymous_id}-${floor(unix_seconds/1800)}`. */
  session_id?: string;
  /** Absolute URL, ≤ 2048 chars. */
  url?: string;
  /** ≤ 2048 chars. */
  path?: string;
  /** ≤ 2048 chars. */
  referrer?: string;
  /** Plain JSON object, ≤ 8 KB after `JSON.stringify`. */
  properties?: Record<string, unknown>;
}

/**
 * What `track()` accepts: a {@link MillimetricEvent} whose `timestamp` may also be a
 * `Date` (it is converted to ISO-8601).
 */
export type EventInput = Omit<MillimetricEvent, "timestamp"> & { timestamp?: string | Date };
