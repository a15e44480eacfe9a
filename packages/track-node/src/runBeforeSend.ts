import { MillimetricError, validateEvent, type MillimetricEvent } from "@millimetric/core";

/** What a `beforeSend` hook made of one event: the event to queue, or why it is dropped. */
export type BeforeSendOutcome =
  | { event: MillimetricEvent }
  | {
      event?: undefined;
      /** For the debug line: what the hook did. */
      why: string;
      /** For `onError`, when the hook failed rather than chose to drop. */
      error?: MillimetricError;
    };

/**
 * Runs the app's `beforeSend` on a validated, stamped event, never throwing: a throw,
 * a promise or an invalid event drops that event with an error to report; `null` or
 * `undefined` drops it quietly. The hook gets a copy of `properties`, so redacting in
 * place never changes the app's own object; an `event_id` or `timestamp` it removes is
 * put back (the id is what `track()` returns).
 *
 * @example
 * ```ts
 * const outcome = runBeforeSend(options.beforeSend, event);
 * if (outcome.event) delivery.enqueue(outcome.event);
 * ```
 */
export function runBeforeSend(hook: (event: MillimetricEvent) => MillimetricEvent | null | undefined, event: MillimetricEvent): BeforeSendOutcome {
  const given: MillimetricEvent = event.properties ? { ...event, properties: { ...event.properties } } : { ...event };
  let returned: unknown;
  try {
    returned = hook(given);
  } catch (cause) {
    return {
      why: "beforeSend threw",
      error: new MillimetricError(
        "before_send_failed",
        `beforeSend threw (${String(cause)}) for a "${event.event}" event, which was dropped. Fix the hook, or catch inside it and return the event (or null to drop it)`,
        { cause, count: 1 },
      ),
    };
  }
  if (returned == null) return { why: "beforeSend returned " + String(returned) };
  if (typeof (returned as PromiseLike<unknown>).then === "function") {
    // Not awaited: track() is synchronous. Its rejection must not become an unhandled one.
    (returned as PromiseLike<unknown>).then(undefined, () => {});
    return { why: "beforeSend returned a promise", error: invalidReturn(event, "returned a promise: beforeSend must be synchronous (no async, no await)") };
  }
  try {
    const checked = validateEvent(returned);
    checked.event_id ??= event.event_id;
    checked.timestamp ??= event.timestamp;
    return { event: checked };
  } catch (cause) {
    return { why: "beforeSend returned an invalid event", error: invalidReturn(event, `returned an invalid event (${(cause as Error).message.replace(/^\[millimetric\] /, "")})`, cause) };
  }
}

function invalidReturn(event: MillimetricEvent, what: string, cause?: unknown): MillimetricError {
  return new MillimetricError(
    "invalid_event",
    `beforeSend ${what} for a "${event.event}" event, which was dropped. Return the event (changed or not), or null to drop it`,
    { cause, count: 1 },
  );
}
