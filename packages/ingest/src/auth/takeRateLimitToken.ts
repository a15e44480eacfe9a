import type { HandlerContext } from "../server/HandlerContext";
import { HttpError } from "../server/HttpError";
import type { LimitedRoute } from "./RateLimiter";

/**
 * Spends one token of the project's `bucket`, or throws 429 `rate_limited` with
 * `Retry-After` in whole seconds and the same number as `retry_after_s` in the body.
 *
 * @example
 * ```ts
 * takeRateLimitToken(ctx, "batch");
 * ```
 */
export function takeRateLimitToken(ctx: HandlerContext, bucket: LimitedRoute): void {
  const waitMs = ctx.limiter.take(ctx.project, bucket);
  if (waitMs <= 0) return;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const limit = ctx.limiter.limit(bucket);
  throw new HttpError(
    429,
    "rate_limited",
    {
      message: `[millimetric] too many ${bucket} requests for this project; retry after ${seconds}s (SDKs do this for you)`,
      route: bucket,
      limit: limit ? { rate_per_second: limit.ratePerSecond, burst: limit.burst } : null,
    },
    { retry_after_s: seconds },
    { "Retry-After": String(seconds) },
  );
}
