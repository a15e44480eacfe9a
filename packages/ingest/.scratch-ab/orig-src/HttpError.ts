/**
 * An error answer of the ingest API: `status` and the body
 * `{"error": code, "details": {...}}`. Thrown anywhere in a request's handling and
 * written once at the top.
 *
 * @example
 * ```ts
 * throw new HttpError(403, "insufficient_scope", { message: "[millimetric] an rk_ key cannot write" });
 * ```
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly details: Record<string, unknown> = {},
    /** Extra top-level body fields (`retry_after_s`). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`[millimetric] ${status} ${code}`);
    this.name = "HttpError";
  }
}
