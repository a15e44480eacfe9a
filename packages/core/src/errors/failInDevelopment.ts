import { isProduction } from "./isProduction";
import { MillimetricError, type MillimetricErrorCode } from "./MillimetricError";
import { warnOnce } from "./warnOnce";

/**
 * The adapters' rule for a misuse the app can survive (a helper called outside the
 * request scope it needs, a missing key): a thrown `MillimetricError` in development,
 * where someone reads it and fixes it, and one log line in production, where the request
 * must go on.
 *
 * @example
 * ```ts
 * failInDevelopment("missing_context", "[millimetric] track() … Add app.use(millimetric())");
 * ```
 */
export function failInDevelopment(
  code: MillimetricErrorCode,
  message: string,
  options: { cause?: unknown; once?: string } = {},
): void {
  if (!isProduction()) throw new MillimetricError(code, message, { cause: options.cause });
  // `once` groups messages that differ only in detail (the function name, say).
  warnOnce(options.once ?? `${code}:${message}`, message);
}
