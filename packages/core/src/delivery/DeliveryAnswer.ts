/** What one request came back with, as the engine decides on it and reports it. */
export interface DeliveryAnswer {
  /** A 2xx: the events are delivered. */
  ok: boolean;
  /** The HTTP status; 0 for a network error, a timeout, or the browser's opaque redirect. */
  status: number;
  /** The `error` code of the protocol's error body. */
  serverCode?: string;
  /** The `details` of the protocol's error body (a 400 names the fields it rejects there). */
  details?: unknown;
  /** The error body reached the read cap: `details` may be missing or cut short. */
  truncated?: boolean;
  /** A 429's wait: `Retry-After`, else the body's `retry_after_s`, else a second. */
  retryAfterMs?: number;
  /** A 3xx, or the browser's opaque redirect (status 0): the host is not the ingest API. */
  redirect?: boolean;
  /** The redirect's target, absolute, when the runtime shows it. */
  location?: string;
  /** Why no answer came (network error, timeout, abort). */
  cause?: unknown;
}
