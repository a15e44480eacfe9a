import type { MillimetricError, MillimetricEvent, MillimetricTypeError } from "@millimetric/core";

/**
 * Options for {@link configure}: what happens to each event between `track()` and the
 * network. They live outside `init` so an app that uses none of them ships none of their
 * code (`init` + `track` stay within 1.8 KB gzipped).
 */
export interface ConfigureOptions {
  /**
   * Sees every event after it is validated and stamped, before it is queued: return it
   * (changed or not) to send it, or `null` to drop it. A hook that throws, returns
   * `undefined` or returns an event that breaks the protocol drops that event only and
   * reports it (`onError`, code `before_send_failed`; a console error in development);
   * `track()` never throws for it. Runs for `$pageview` and `$identify` too.
   * @default none: events are sent as tracked
   * @example
   * ```ts
   * // Keep tokens out of analytics: /reset?token=… is stored as /reset?token=redacted
   * configure({
   *   beforeSend: (event) => ({ ...event, url: event.url?.replace(/([?&]token=)[^&#]*()/, "$1redacted") }),
   * });
   * ```
   */
  beforeSend?: (event: MillimetricEvent) => MillimetricEvent | null;
  /**
   * One console line, prefixed `[millimetric]`, per event (queued, dropped and why) and
   * per delivery result (status, count, and when a retry comes).
   * @default false
   * @example configure({ debug: process.env.NODE_ENV !== "production" })
   */
  debug?: boolean;
  /**
   * Validate and accept every call, send nothing: tests, preview deployments, local
   * development without an ingest. With `debug`, each event is still logged.
   * @default false
   * @example configure({ disabled: process.env.VERCEL_ENV === "preview" })
   */
  disabled?: boolean;
  /**
   * Called with a `MillimetricError` when an event is lost: `before_send_failed` (the hook
   * threw or returned something unusable; `cause` holds what it threw), `http_error`
   * (the ingest refused a batch with a 4xx other than 429; `status`, `serverCode` and
   * `count` say which and how many) and, in production builds, `invalid_event` (a
   * `MillimetricTypeError`: a `track`/`identify`/`page` call broke a rule and was dropped;
   * development builds throw it from the call instead). Without it, development builds log
   * them to the console.
   * @default none
   * @example configure({ onError: (error) => Sentry.captureException(error) })
   */
  onError?: (error: MillimetricError | MillimetricTypeError) => void;
}
