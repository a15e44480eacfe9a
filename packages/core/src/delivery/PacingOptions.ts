import type { PaceLimit } from "./publishedLimits";

/** Client-side pacing per endpoint; `false` turns one (or all) off. */
export interface PacingOptions {
  /**
   * Budget for `POST /v1/batch`.
   * @default { ratePerSecond: 5, burst: 20 } (the hosted service's published limit)
   * @example { batch: { ratePerSecond: 50, burst: 100 } }
   */
  batch?: PaceLimit | false;
  /**
   * Budget for `POST /v1/track`.
   * @default { ratePerSecond: 50, burst: 200 }
   * @example { track: false }
   */
  track?: PaceLimit | false;
}
