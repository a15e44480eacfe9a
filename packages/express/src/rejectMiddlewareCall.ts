import { MillimetricTypeError } from "@millimetric/core";

/**
 * `app.use(millimetric)` — the factory mounted instead of the middleware it returns —
 * makes Express call `millimetric(req, res, next)`: it would build a middleware, never call
 * `next()`, and hang every request. Detects that call shape and throws the fix instead, so
 * the first request fails at once (Express answers 500 and logs it).
 *
 * @throws MillimetricTypeError `invalid_argument` (a `TypeError`): `[millimetric] millimetric was mounted itself … Write app.use(millimetric())`
 */
export function rejectMiddlewareCall(args: ArrayLike<unknown>): void {
  const [first, second] = [args[0], args[1]];
  const looksLikeResponse = typeof (second as { setHeader?: unknown } | null)?.setHeader === "function";
  const looksLikeRequest =
    typeof first === "object" && first !== null && typeof (first as { method?: unknown }).method === "string" && typeof (first as { headers?: unknown }).headers === "object";
  if (!looksLikeResponse && !looksLikeRequest) return;
  throw new MillimetricTypeError(
    "invalid_argument",
    "[millimetric] millimetric was mounted itself, so it received (req, res, next) instead of options: " +
      "it is a function that returns the middleware. Write app.use(millimetric()) — or app.use(millimetric({ … })) — with the call parentheses.",
  );
}
