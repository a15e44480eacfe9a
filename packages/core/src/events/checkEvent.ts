import { eventNameError, lengthError, propertiesError, surelyFitsProperties } from "./eventRules";
import type { MillimetricEvent } from "./MillimetricEvent";

// field → [min length, max length] for the plain string fields.
const STRINGS: Record<string, [number, number]> = {
  event_id: [1, 128],
  anonymous_id: [1, 128],
  user_id: [1, 256],
  session_id: [1, 128],
  url: [1, 2048],
  path: [0, 2048],
  referrer: [0, 2048],
};
const FIELDS = "event, event_id, timestamp, anonymous_id, user_id, session_id, url, path, referrer, properties";
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)$/i;

/** Options for {@link checkEvent}. */
export interface CheckEventOptions {
  /**
   * What to do with fields the protocol does not define. `"reject"` (SDKs) catches
   * typos such as `propeties`; `"strip"` (servers) drops them, as the hosted service
   * ignores fields it derives itself (`source`, `browser`, …).
   * @default "reject"
   * @example checkEvent(body, { unknownKeys: "strip" })
   */
  unknownKeys?: "reject" | "strip";
}

/** Result of {@link checkEvent}: the normalised event, or the rule each field broke. */
export type CheckEventResult =
  | { ok: true; event: MillimetricEvent }
  | { ok: false; fieldErrors: Record<string, string> };

/**
 * Checks `input` against the protocol's event table without throwing. Absent,
 * `undefined` and `null` optional fields are treated alike (left out of the result);
 * a `Date` timestamp becomes ISO-8601.
 *
 * @example
 * ```ts
 * const r = checkEvent({ event: "" });
 * // { ok: false, fieldErrors: { event: "must be a string of 1–128 characters" } }
 * ```
 */
export function checkEvent(input: unknown, options: CheckEventOptions = {}): CheckEventResult {
  // Made on the first error only: valid events (nearly all of them) allocate no record.
  let errors: Record<string, string> | undefined;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, fieldErrors: { event: 'the event must be an object like { event: "signup" }' } };
  }
  const src = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in src) {
    let value = src[key];
    if (value === undefined || value === null) continue;
    // Own keys only: "constructor" or "toString" must not find Object.prototype's.
    const range = Object.hasOwn(STRINGS, key) ? STRINGS[key] : undefined;
    let error: string | undefined;
    if (key === "event") error = eventNameError(value);
    else if (range) error = lengthError(value, range[0], range[1]) || (key === "url" && !isUrl(value as string) ? "must be an absolute URL (e.g. https://example.com/pricing)" : undefined);
    else if (key === "properties") error = surelyFitsProperties(value) ? undefined : propertiesError(value);
    else if (key === "timestamp") {
      value = value instanceof Date ? (isNaN(+value) ? "" : value.toISOString()) : value;
      if (typeof value !== "string" || !ISO.test(value) || isNaN(Date.parse(value))) {
        error = "must be an ISO-8601 date-time with a zone (e.g. 2026-01-31T12:00:00Z) or a Date";
      }
    } else if (options.unknownKeys === "strip") continue;
    else error = `is not an event field (fields: ${FIELDS}); put custom data in properties`;
    if (error) (errors ??= {})[key] = error;
    else out[key] = value;
  }
  if (out.event === undefined && !errors?.event) (errors ??= {}).event = 'is required (e.g. { event: "signup" })';
  if (errors) return { ok: false, fieldErrors: errors };
  return { ok: true, event: out as unknown as MillimetricEvent };
}

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
