import { eventNameError, invalidEventError, lengthError, propertiesError } from "@millimetric/core/internal";

/** The argument of a rejected call: the field whose rule it broke. */
export type RejectedField = "event" | "properties" | "user_id";

/** configure()'s onError / debug, told of each rejected call; unset (the default): nothing. */
let rejectionHook: ((field: RejectedField, value: unknown) => void) | undefined;

/** configure()'s way in: who hears of a rejected call in production. */
export function setRejectionHook(hook: typeof rejectionHook): void {
  rejectionHook = hook;
}

/** The rule `value` breaks as `field`, in the words every SDK uses (core's rule functions). */
export function ruleBroken(field: RejectedField, value: unknown): string {
  const rule = field == "event" ? eventNameError(value) : field == "user_id" ? lengthError(value, 1, 256) : propertiesError(value);
  return rule || "must be a JSON object of at most 8192 bytes as JSON";
}

/**
 * A call broke a rule and is dropped. In development it throws core's
 * `invalidEventError` (a `MillimetricTypeError`, code `invalid_event`, naming the field
 * and the rule); in production (and without `process`: no bundler, core's `isProduction`)
 * it returns, so an analytics call never throws at a visitor, and `configure({ onError,
 * debug })` hears of it. Written with the literal `process.env.NODE_ENV` so a production
 * bundle folds the throw, the rule texts and the error class away (the 1 800 B budget).
 */
export function rejectCall(field: RejectedField, value: unknown): void {
  try {
    if (process.env.NODE_ENV != "production") throw 0;
  } catch (signal) {
    if (signal === 0) throw invalidEventError(field, ruleBroken(field, value));
  }
  rejectionHook?.(field, value);
}
