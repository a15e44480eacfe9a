import { utf8Length } from "./utf8Length";

/** System events the SDKs emit themselves; every other `$` name is reserved. */
export const SYSTEM_EVENTS: readonly string[] = ["$pageview", "$identify"];

// Not exported itself, so bundlers inline the number (the browser SDK counts bytes).
const MAX = 8192;

/** Properties may be at most this many bytes of JSON (the protocol's 8 KB). */
export const MAX_PROPERTIES_BYTES = MAX;

// The rules are small functions (not one big validator) so the browser SDK can bundle
// just the two it needs — event name and properties — and stay under its size budget.

/**
 * The rule a string field breaks (`undefined` when it is fine): a string of `min`–`max`
 * characters.
 *
 * @example lengthError("", 1, 128) // "must be a string of 1–128 characters"
 */
export function lengthError(value: unknown, min: number, max: number): string | undefined {
  if (typeof value != "string" || value.length < min || value.length > max) return `must be a string of ${min}–${max} characters`;
}

/**
 * What an event name may be: 1–128 characters, and no `$` prefix except the system
 * events. One expression so the browser SDK can check it in a few bytes.
 */
export const EVENT_NAME = /^(?!\$(?!(pageview|identify)$))[^]{1,128}$/;

/**
 * Whether `value` is a valid event name (see {@link EVENT_NAME}).
 *
 * @example isEventName("$purchase") // false
 */
export function isEventName(value: unknown): value is string {
  return typeof value == "string" && EVENT_NAME.test(value);
}

/**
 * The rule an event name breaks: 1–128 characters, and `$` names are reserved for the
 * system events.
 *
 * @example eventNameError("$purchase") // '"$" names are reserved for $pageview and $identify'
 */
export function eventNameError(value: unknown): string | undefined {
  // The same rule as EVENT_NAME, spelled out: it is on every server track() and this form
  // is several times faster (helpers.test.ts holds the two equal).
  return (
    lengthError(value, 1, 128) ||
    ((value as string)[0] == "$" && !SYSTEM_EVENTS.includes(value as string) ? '"$" names are reserved for $pageview and $identify' : undefined)
  );
}

/**
 * The rule `properties` breaks: a plain JSON object of at most 8 KB once stringified.
 *
 * @example propertiesError([]) // "must be a plain JSON object"
 */
export function propertiesError(value: unknown): string | undefined {
  const proto = typeof value == "object" && value && Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return "must be a plain JSON object";
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return "must be JSON-serialisable (no cycles, no BigInt)";
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: short JSON needs no byte count.
  const bytes = json.length * 3 > MAX_PROPERTIES_BYTES ? utf8Length(json) : 0;
  if (bytes > MAX_PROPERTIES_BYTES) return `must be at most ${MAX_PROPERTIES_BYTES} bytes as JSON (got ${bytes})`;
}

/**
 * Whether `value` certainly meets {@link propertiesError}'s rule, decided without
 * serialising it: a plain object whose values are all strings, numbers, booleans, `null`
 * or `undefined`, and whose JSON cannot reach 8 KB by an upper bound on its size. `false`
 * says nothing: `propertiesError` decides. The servers' `checkEvent` asks this first, since
 * their `track()` serialises every event again to queue it; the browser SDK never bundles it.
 *
 * @example surelyFitsProperties({ plan: "pro", seats: 3 }) // true
 * @example surelyFitsProperties({ items: [1, 2] }) // false: nested, measured by propertiesError
 */
export function surelyFitsProperties(value: unknown): boolean {
  const proto = typeof value == "object" && value && Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  try {
    return flatJsonBound(value as Record<string, unknown>) <= MAX_PROPERTIES_BYTES;
  } catch {
    // A getter that throws: propertiesError reports it.
    return false;
  }
}

/**
 * At least the UTF-8 size of `value`'s JSON when every value is a string, number, boolean,
 * `null` or `undefined`; `Infinity` for anything else (nested objects, arrays, dates,
 * functions, BigInts), which is measured by serialising. A UTF-16 unit is at most 6 bytes
 * of JSON (a control character escaped as `\uXXXX`; any other at most 3 bytes of UTF-8)
 * and a number at most 25 characters ("-1.2345678901234567e-308").
 */
function flatJsonBound(value: Record<string, unknown>): number {
  let bound = 2;
  for (const key in value) {
    const v = value[key];
    const type = typeof v;
    if (type == "string") bound += 6 * (v as string).length + 2;
    else if (type == "number") bound += 25;
    else if (type == "boolean" || v == null) bound += 5;
    else return Infinity;
    // The quoted key, its colon and a comma.
    bound += 6 * key.length + 4;
  }
  return bound;
}

/**
 * Whether `value` meets the protocol's properties rule as the server sees it: its JSON is
 * an object of at most 8 KB. The compact check the browser SDK bundles;
 * {@link propertiesError} is stricter (a plain object) and says what is wrong.
 *
 * @example fitsProperties({ plan: "pro" }) // true
 */
export function fitsProperties(value: unknown): boolean {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {}
  // Blob measures UTF-8 in a few bytes of code; servers use propertiesError instead.
  return json?.[0] == "{" && new Blob([json]).size <= MAX;
}
