import type { MillimetricErrorCode } from "./MillimetricErrorCode";

export type { MillimetricErrorCode } from "./MillimetricErrorCode";

const BRAND = Symbol.for("millimetric.error");

/** What a Millimetric error carries beside its message. */
export interface MillimetricErrorExtra {
  /** HTTP status when the server answered. */
  status?: number;
  /** The server's error code (`invalid_payload`, `rate_limited`, …) when it sent one. */
  serverCode?: string;
  /** How many events this error is about (dropped, failed or returned to the queue). */
  count?: number;
  cause?: unknown;
}

/**
 * The one error type the SDKs and adapters throw and report through `onError` (and
 * reject `flush()` with). Messages start with `[millimetric]` and say what to do next;
 * `code` is stable (every code is listed in core's README, "Error codes").
 *
 * @example
 * ```ts
 * init({ key, onError(err) { if (err.code === "queue_overflow") metrics.inc(err.count) } })
 * ```
 */
export class MillimetricError extends Error {
  /**
   * The browser SDK bundles core (its budget), so a page can hold a copy of this class
   * beside the app's; and {@link MillimetricTypeError} is one too without sharing this
   * prototype: `instanceof` checks a brand both set, not the constructor.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }
  override readonly name: string = "MillimetricError";
  /** Stable code; switch on this, not on the message. */
  readonly code: MillimetricErrorCode;
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** The server's error code (`invalid_payload`, `rate_limited`, …) when it sent one. */
  readonly serverCode?: string;
  /** How many events this error is about (dropped, failed or returned to the queue). */
  readonly count: number;

  constructor(code: MillimetricErrorCode, message: string, extra: MillimetricErrorExtra = {}) {
    super(withPrefix(message), { cause: extra.cause });
    this.code = code;
    this.status = extra.status;
    this.serverCode = extra.serverCode;
    this.count = extra.count ?? 0;
    (this as { [BRAND]?: boolean })[BRAND] = true;
  }
}

/**
 * A {@link MillimetricError} that is also a `TypeError`: what a bad argument throws
 * (`invalid_event`, `invalid_argument`, `invalid_config`), so code written against the
 * earlier `TypeError`s (`catch (e) { if (e instanceof TypeError) … }`) keeps working.
 * `err instanceof MillimetricError` is true for it too.
 *
 * @example
 * ```ts
 * throw new MillimetricTypeError("invalid_argument", 'identify: "user_id" is required');
 * ```
 */
export class MillimetricTypeError extends TypeError {
  override readonly name: string = "MillimetricError";
  /** Stable code; switch on this, not on the message. */
  readonly code: MillimetricErrorCode;
  /** Always 0: a bad argument is about one call, not queued events. */
  readonly count = 0;

  constructor(code: MillimetricErrorCode, message: string, extra: Pick<MillimetricErrorExtra, "cause"> = {}) {
    super(withPrefix(message), { cause: extra.cause });
    this.code = code;
    (this as { [BRAND]?: boolean })[BRAND] = true;
  }
}

function withPrefix(message: string): string {
  return message.startsWith("[millimetric]") ? message : `[millimetric] ${message}`;
}
