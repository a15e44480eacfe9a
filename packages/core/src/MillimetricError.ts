const BRAND = Symbol.for("millimetric.error");

/** What went wrong, as a stable machine-readable code. */
export type MillimetricErrorCode =
  | "invalid_event"
  | "invalid_key"
  | "http_error"
  | "network_error"
  | "retries_exhausted"
  | "queue_overflow"
  | "missing_context"
  | "shutdown"
  | "timeout";

/**
 * The one error type the SDKs report through `onError` (and reject `flush()` with).
 * Messages start with `[millimetric]` and say what to do next.
 *
 * @example
 * ```ts
 * init({ key, onError(err) { if (err.code === "queue_overflow") metrics.inc(err.count) } })
 * ```
 */
export class MillimetricError extends Error {
  /**
   * SDKs bundle core, so an app can hold several copies of this class (track-node's,
   * an adapter's): `instanceof` checks a brand every copy sets, not the constructor.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }
  override readonly name = "MillimetricError";
  /** Stable code; switch on this, not on the message. */
  readonly code: MillimetricErrorCode;
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** The server's error code (`invalid_payload`, `rate_limited`, …) when it sent one. */
  readonly serverCode?: string;
  /** How many events this error is about (dropped, failed or returned to the queue). */
  readonly count: number;

  constructor(
    code: MillimetricErrorCode,
    message: string,
    extra: { status?: number; serverCode?: string; count?: number; cause?: unknown } = {},
  ) {
    super(message.startsWith("[millimetric]") ? message : `[millimetric] ${message}`, { cause: extra.cause });
    this.code = code;
    this.status = extra.status;
    this.serverCode = extra.serverCode;
    this.count = extra.count ?? 0;
    (this as { [BRAND]?: boolean })[BRAND] = true;
  }
}
