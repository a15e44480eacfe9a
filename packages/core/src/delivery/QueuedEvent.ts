/** One event in the delivery engine: serialised once, when it is queued. */
export interface QueuedEvent {
  /** Its place in the order of `enqueue()` calls, from 1: what `flush()` waits up to. */
  seq: number;
  /** The event as JSON, sent as it is. */
  json: string;
}
