import type { DeliveryEvent, MillimetricEvent } from "@millimetric/core";
import type { DeliveryOptions } from "@millimetric/core/internal";

/**
 * Options of {@link MillimetricClient}. Every delivery option of the engine applies
 * (`flushAt`, `flushIntervalMs`, `maxRetries`, `maxQueueSize`, `maxBatchBytes`, `pacing`,
 * `timeoutMs`, `onError`, …) with the protocol's defaults.
 */
export interface ClientOptions extends Partial<Omit<DeliveryOptions, "host" | "key" | "transport">> {
  /**
   * Server key (`sk_…`). A `pk_` key works but is warned about once; `rk_`/`ak_` keys
   * cannot write and are refused. Not needed with `disabled: true`.
   * @default process.env.MILLIMETRIC_SECRET_KEY
   * @example new MillimetricClient({ key: process.env.MILLIMETRIC_SECRET_KEY })
   */
  key?: string;
  /**
   * Base URL of the ingest API.
   * @default process.env.MILLIMETRIC_HOST ?? "https://api.millimetric.ai"
   * @example { host: "http://127.0.0.1:8787" } // npx millimetric-ingest
   */
  host?: string;
  /**
   * Redacts or drops each event before it is queued: called in `track()` (so for
   * `identify()` and every adapter's `track()` too) with the validated event, stamped
   * with its `timestamp` and `event_id`. Return the event (changed or not) to send it,
   * `null`/`undefined` to drop it. What it returns is validated again. It must be
   * synchronous. It never makes `track()` throw: a hook that throws drops that one event
   * and reports `before_send_failed` to `onError`; one that returns an invalid event (or a
   * promise) drops it and reports `invalid_event`. Every drop is a `dropped` delivery event
   * with reason `before_send`, and `track()` returns `undefined` for it. `properties` is
   * a deep copy, as the JSON that is sent (a `Date` is its ISO string): changing it, nested
   * fields too, never changes the object the app passed to `track()`.
   * @default undefined (events are sent as tracked)
   * @example
   * ```ts
   * // URLs carry tokens (password resets, OAuth callbacks): strip them before they leave.
   * const redact = (value: unknown) => {
   *   if (typeof value !== "string" || !URL.canParse(value)) return value;
   *   const url = new URL(value);
   *   for (const name of ["token", "code"]) url.searchParams.delete(name);
   *   return url.toString();
   * };
   * new MillimetricClient({
   *   beforeSend(event) {
   *     if (event.event === "health_check") return null; // never sent
   *     if (event.url) event.url = redact(event.url) as string;
   *     if (event.properties) {
   *       for (const key of ["url", "$current_url"]) if (key in event.properties) event.properties[key] = redact(event.properties[key]);
   *     }
   *     return event;
   *   },
   * });
   * ```
   */
  beforeSend?: (event: MillimetricEvent) => MillimetricEvent | null | undefined;
  /**
   * Logs one `console.log` line, prefixed `[millimetric]`, per event queued or dropped
   * (with the reason) and per delivery result (status, count, retry wait). The event's
   * name and ids are printed as JSON strings: a line break in a `user_id` stays `\n`.
   * @default false
   * @example new MillimetricClient({ debug: process.env.NODE_ENV !== "production" })
   */
  debug?: boolean;
  /**
   * Accepts every call and sends nothing: `track()` validates, runs `beforeSend` and
   * returns the `event_id` as usual, but nothing is queued and no request is made;
   * `flush()` and `shutdown()` resolve at once. No key is needed. For tests and preview
   * deployments.
   * @default false
   * @example new MillimetricClient({ disabled: process.env.VERCEL_ENV === "preview" })
   */
  disabled?: boolean;
  /**
   * Called with every delivery result as it happens (see {@link DeliveryEvent}):
   * `delivered` with the count and status, `retry` with the count, the wait and the
   * attempt, `dropped` with the count and the reason (`before_send` and `opted_out` from
   * `track()`; `invalid_event`, `rejected`, `redirected`, `queue_overflow`, `shutdown`
   * from delivery). The `delivered` counts add up to what the server acknowledged.
   * Passed through every adapter's client options, as `onError` is. A listener that
   * throws (or rejects) is ignored: it never breaks delivery.
   * @default undefined (no listener)
   * @example
   * ```ts
   * let sent = 0;
   * new MillimetricClient({ flushAt: 1000, onDelivery: (e) => e.type === "delivered" && (sent += e.count) });
   * ```
   */
  onDelivery?: (event: DeliveryEvent) => void;
}
