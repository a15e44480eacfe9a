import { MillimetricError } from "@millimetric/core";

/**
 * An error answer of the ingest API: `status` and the body
 * `{"error": serverCode, "details": {...}}`. Thrown anywhere in a request's handling and
 * written once at the top ({@link answerFailure}). A {@link MillimetricError} with code
 * `http_error` — the same shape the SDKs report when they receive this answer — so every
 * throw in the packages is one; the protocol's code is `serverCode`.
 *
 * @example
 * ```ts
 * throw new HttpError(403, "insufficient_scope", { message: "[millimetric] an rk_ key cannot write" });
 * ```
 */
export class HttpError extends MillimetricError {
  /**
   * `instanceof MillimetricError` checks a brand every Millimetric error carries; inherited
   * here it would make any of them (a core validation error, say) pass for an HttpError,
   * and answerFailure would send it as an answer with no status. This one checks the
   * prototype chain, as `instanceof` ordinarily does.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
  override readonly name: string = "HttpError";
  /** The HTTP status of the answer. */
  declare readonly status: number;
  /** The protocol's error code, the body's `error` (`invalid_payload`, `insufficient_scope`, …). */
  declare readonly serverCode: string;

  constructor(
    status: number,
    serverCode: string,
    readonly details: Record<string, unknown> = {},
    /** Extra top-level body fields (`retry_after_s`). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super("http_error", `${status} ${serverCode}`, { status, serverCode });
  }
}
