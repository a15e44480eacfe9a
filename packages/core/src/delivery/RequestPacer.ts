import type { DeliveryEndpoint } from "./DeliveryEndpoint";
import type { PacingOptions } from "./PacingOptions";
import { PUBLISHED_RATE_LIMITS } from "./publishedLimits";
import { TokenBucket } from "./TokenBucket";

/**
 * When the engine may send its next request to each endpoint: a token bucket per paced
 * endpoint, and a pause after a 429 for as long as the server asked.
 *
 * @example
 * ```ts
 * const pacer = new RequestPacer(options.pacing);
 * const wait = pacer.delayMs("/v1/batch"); // 0: go (a token was taken); else sleep and ask again
 * ```
 */
export class RequestPacer {
  private readonly buckets: Partial<Record<DeliveryEndpoint, TokenBucket>> = {};
  private readonly pausedUntil: Record<DeliveryEndpoint, number> = { "/v1/track": 0, "/v1/batch": 0 };

  constructor(pacing: PacingOptions | false | undefined) {
    if (pacing === false) return;
    for (const name of ["batch", "track"] as const) {
      const limit = pacing?.[name] === undefined ? PUBLISHED_RATE_LIMITS[name] : pacing[name];
      // A little under the server's budget: the server counts arrivals, and network
      // jitter can bring two requests we sent a full interval apart closer together.
      if (limit) this.buckets[`/v1/${name}`] = new TokenBucket(limit.ratePerSecond * 0.9, Math.max(1, limit.burst - 1));
    }
  }

  /** 0 when a request to `endpoint` may go now (its token is taken), else the milliseconds to wait first. */
  delayMs(endpoint: DeliveryEndpoint): number {
    const paused = this.pausedUntil[endpoint] - Date.now();
    return paused > 0 ? paused : (this.buckets[endpoint]?.take() ?? 0);
  }

  /** A 429: nothing more to `endpoint` for `ms`, and no burst after it (the server's bucket is emptier than ours). */
  pause(endpoint: DeliveryEndpoint, ms: number): void {
    this.pausedUntil[endpoint] = Date.now() + ms;
    this.buckets[endpoint]?.drain();
  }
}
