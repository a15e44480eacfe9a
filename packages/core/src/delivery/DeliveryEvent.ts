/**
 * Why events were dropped, in a `dropped` {@link DeliveryEvent}:
 * - `before_send`: the app's `beforeSend` hook returned `null`/`undefined`, threw (also
 *   reported to `onError` as `before_send_failed`) or returned an invalid event (reported
 *   as `invalid_event`). Emitted by the SDK's `track()`, never queued.
 * - `opted_out`: the request's context says the visitor opted out (`Sec-GPC: 1` or the
 *   `mm_optout=1` cookie). Emitted by the SDK's `track()`, never queued.
 * - `invalid_event`: the server refused the events as invalid (HTTP 400, or 413 for an
 *   event too large alone); the rest of their batch was delivered. Not retried.
 * - `rejected`: any other 4xx but 429 (a wrong or revoked key: 401/403). Not retried.
 * - `redirected`: `host` answered with a redirect: it is not the ingest API.
 * - `queue_overflow`: the queue was full (`maxQueueSize`), the oldest were dropped.
 * - `shutdown`: `track()` after `shutdown()`, or what was left when `shutdown()`'s
 *   `timeoutMs` ran out.
 *
 * Events whose retries ran out are not dropped: they go back to the queue (`onError` gets
 * `retries_exhausted`, `flush()` rejects) and are sent again on the next tick or flush.
 */
export type DroppedReason = "before_send" | "opted_out" | "invalid_event" | "rejected" | "redirected" | "queue_overflow" | "shutdown";

/**
 * What happened to queued events, as it happens (`onDelivery`): enough to drive a
 * progress bar or a metric. The `count`s of `delivered` add up to what the server
 * acknowledged; of `dropped`, to what will never be sent.
 * - `delivered`: the server acknowledged `count` events with `status` (2xx).
 * - `retry`: a request for `count` events failed with `status` (absent: no answer — a
 *   network error or a timeout) and is sent again after `waitMs` (a 429's `Retry-After`,
 *   else backoff); `attempt` is 1 for the first retry.
 * - `dropped`: `count` events will never be sent, for `reason` (see {@link DroppedReason});
 *   `status` is the server's answer when it caused the drop.
 *
 * @example
 * ```ts
 * onDelivery(e) { if (e.type === "delivered") bar.tick(e.count); else if (e.type === "dropped") lost += e.count; }
 * ```
 */
export type DeliveryEvent =
  | { type: "delivered"; count: number; status: number }
  | { type: "retry"; count: number; waitMs: number; attempt: number; status?: number }
  | { type: "dropped"; count: number; reason: DroppedReason; status?: number };
