import type { EventInput, MillimetricEvent } from "./MillimetricEvent";
import { utf8Length } from "./utf8Length";

/** System events the SDKs emit themselves; every other `$` name is reserved. */
export const SYSTEM_EVENTS: readonly string[] = ["$pageview", "$identify"];

/** Properties may be at most this many bytes of JSON (the protocol's 8 KB). */
export const MAX_PROPERTIES_BYTES = 8192;

// field → [min length, max length]. One table so the browser build stays small.
const STRINGS: Record<string, [number, number]> = {
  event: [1, 128],
  event_id: [1, 128],
  anonymous_id: [1, 128],
  user_id: [1, 256],
  session_id: [1, 128],
  url: [1, 2048],
  path: [0, 2048],
  referrer: [0, 2048],
};
const FIELDS = Object.keys(STRINGS).concat("timestamp", "properties");
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
  const errors: Record<string, string> = {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, fieldErrors: { event: "the event must be an object like { event: \"signup\" }" } };
  }
  const src = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in src) {
    const value = src[key];
    if (value === undefined || value === null) continue;
    const range = STRINGS[key];
    if (range) {
      if (typeof value !== "string" || value.length < range[0] || value.length > range[1]) {
        errors[key] = `must be a string of ${range[0]}–${range[1]} characters`;
      } else if (key === "event" && value[0] === "$" && !SYSTEM_EVENTS.includes(value)) {
        errors[key] = `names starting with "$" are reserved for system events (${SYSTEM_EVENTS.join(", ")})`;
      } else if (key === "url" && !isUrl(value)) {
        errors[key] = "must be an absolute URL (e.g. https://example.com/pricing)";
      } else out[key] = value;
    } else if (key === "timestamp") {
      const iso = value instanceof Date ? (isNaN(+value) ? "" : value.toISOString()) : value;
      if (typeof iso !== "string" || !ISO.test(iso) || isNaN(Date.parse(iso))) {
        errors[key] = "must be an ISO-8601 date-time with a zone (e.g. 2026-01-31T12:00:00Z) or a Date";
      } else out[key] = iso;
    } else if (key === "properties") {
      const problem = checkProperties(value);
      if (problem) errors[key] = problem;
      else out[key] = value;
    } else if (options.unknownKeys !== "strip") {
      errors[key] = `is not an event field (fields: ${FIELDS.join(", ")}); put custom data in properties`;
    }
  }
  if (out.event === undefined && !errors.event) errors.event = "is required (e.g. { event: \"signup\" })";
  for (const _ in errors) return { ok: false, fieldErrors: errors };
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

function checkProperties(value: unknown): string | undefined {
  const proto = typeof value === "object" && Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return "must be a plain JSON object";
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return "must be JSON-serialisable (no cycles, no BigInt)";
  }
  const bytes = utf8Length(json);
  if (bytes > MAX_PROPERTIES_BYTES) return `must be at most ${MAX_PROPERTIES_BYTES} bytes as JSON (got ${bytes})`;
  return undefined;
}

export type { EventInput };
