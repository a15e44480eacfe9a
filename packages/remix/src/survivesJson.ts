import { isPlainObject } from "./isPlainObject";

/**
 * Whether `value` reaches the page the same through `JSON.stringify` as through React
 * Router's (and Remix single fetch's) turbo-stream: plain objects, arrays, strings, finite
 * numbers, booleans and `null` (object fields left `undefined` read the same either way).
 * A `Date`, `Map`, `BigInt`, promise or class instance does not.
 */
export function survivesJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  // Deeper than any loader data is meant to be: a cycle, most likely.
  if (typeof value !== "object" || depth > 64) return false;
  if (Array.isArray(value)) return value.every((item) => item !== undefined && survivesJson(item, depth + 1));
  return isPlainObject(value) && Object.values(value).every((field) => field === undefined || survivesJson(field, depth + 1));
}
