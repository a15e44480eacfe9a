import { MillimetricError, validateEvent, type MillimetricEvent } from "@millimetric/core";
import { describeThrown } from "./describeThrown";

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
 * `undefined` drops it quietly. The hook gets a deep copy of `properties` as the JSON
 * data that is sent, so redacting in place (nested fields too) never changes the app's
 * own object; an `event_id` or `timestamp` it removes is put back (the id is what
 * `track()` returns).
 *
 * @example
 * ```ts
 * const outcome = runBeforeSend(options.beforeSend, event);
 * if (outcome.event) delivery.enqueue(outcome.event);
 * ```
 */
export function runBeforeSend(hook: (event: MillimetricEvent) => MillimetricEvent | null | undefined, event: MillimetricEvent): BeforeSendOutcome {
  const given: MillimetricEvent = { ...event };
  if (event.properties) {
    try {
      given.properties = copyProperties(event.properties);
    } catch (cause) {
      return {
        why: "its properties could not be copied for beforeSend",
        error: new MillimetricError(
          "before_send_failed",
          `the properties of a ${JSON.stringify(event.event)} event could not be copied for beforeSend (${describeThrown(cause)}), so it was dropped. Pass plain JSON data (a getter or toJSON that throws the second time cannot be sent either)`,
          { cause, count: 1 },
        ),
      };
    }
  }
  let returned: unknown;
  try {
    returned = hook(given);
  } catch (cause) {
    return {
      why: "beforeSend threw",
      error: new MillimetricError(
        "before_send_failed",
        // describeThrown: String() of a prototype-less object (or a throwing toString) throws,
        // and a line break in a thrown message must not become a log line of its own.
        `beforeSend threw (${describeThrown(cause)}) for a ${JSON.stringify(event.event)} event, which was dropped. Fix the hook, or catch inside it and return the event (or null to drop it)`,
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
    `beforeSend ${what} for a ${JSON.stringify(event.event)} event, which was dropped. Return the event (changed or not), or null to drop it`,
    { cause, count: 1 },
  );
}

/**
 * A deep copy of validated `properties` as the plain JSON data that is sent. Flat ones (the
 * usual case) are copied by a spread, which is then already deep; anything nested goes
 * through JSON, the same serialisation the queue applies, so the hook sees what leaves (a
 * Date as its ISO string, a `toJSON()` applied). Not `structuredClone`: it would copy a
 * class instance's fields instead of its `toJSON()` (a Decimal sent as its internals), and
 * it throws on functions and URLs, which JSON simply drops or converts.
 */
function copyProperties(properties: Record<string, unknown>): Record<string, unknown> {
  for (const key in properties) {
    const value = properties[key];
    if (typeof value === "object" && value !== null) return JSON.parse(JSON.stringify(properties)) as Record<string, unknown>;
  }
  return { ...properties };
}
