import { MillimetricTypeError, PUBLISHED_RATE_LIMITS } from "@millimetric/core";
import { TokenBucket } from "@millimetric/core/internal";
import type { RateLimit, RateLimits } from "../server/IngestOptions";

/** The rate-limited routes. */
export type LimitedRoute = "track" | "batch";

/** The protocol's published budgets (core's, which the SDKs pace themselves to). */
export const DEFAULT_RATE_LIMITS: { readonly [K in LimitedRoute]: RateLimit } = PUBLISHED_RATE_LIMITS;

/**
 * One token bucket per project and route, created on first use.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ batch: { ratePerSecond: 1, burst: 1 } });
 * limiter.take("dev", "batch") // 0: go ahead
 * limiter.take("dev", "batch") // ~1000: milliseconds until the next token
 * ```
 */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly limits: { [K in LimitedRoute]: RateLimit | false };

  constructor(limits: RateLimits | false = {}, private readonly now: () => number = Date.now) {
    this.limits =
      limits === false
        ? { track: false, batch: false }
        : { track: limits.track ?? DEFAULT_RATE_LIMITS.track, batch: limits.batch ?? DEFAULT_RATE_LIMITS.batch };
    for (const [route, limit] of Object.entries(this.limits)) {
      if (limit && !(limit.ratePerSecond > 0 && limit.burst >= 1)) {
        throw new MillimetricTypeError(
          "invalid_config",
          `[millimetric] rateLimits.${route} needs ratePerSecond > 0 and burst >= 1 (got ${JSON.stringify(limit)}); use false to disable it`,
        );
      }
    }
  }

  /** The limit in force for `route`, or false. */
  limit(route: LimitedRoute): RateLimit | false {
    return this.limits[route];
  }

  /** Takes a token: 0 when allowed, else the milliseconds until one is available. */
  take(project: string, route: LimitedRoute): number {
    const limit = this.limits[route];
    if (!limit) return 0;
    const id = `${project}\n${route}`;
    let bucket = this.buckets.get(id);
    if (!bucket) this.buckets.set(id, (bucket = new TokenBucket(limit.ratePerSecond, limit.burst, this.now)));
    return bucket.take();
  }
}
