/** Counters since the engine started. */
export interface DeliveryStats {
  /** Waiting in memory (not in flight). */
  queued: number;
  inFlight: number;
  /** Acknowledged by the server (2xx). */
  delivered: number;
  /** Dropped by the queue cap or after shutdown (a track-node client adds the events it dropped before the queue: opted out, `beforeSend`). */
  dropped: number;
  /** Rejected by the server with a 4xx, or answered with a redirect, and not retried. */
  failed: number;
  requests: number;
  retries: number;
}
