/** A request budget: `ratePerSecond` refill, `burst` bucket size. */
export interface PaceLimit {
  ratePerSecond: number;
  burst: number;
}

/**
 * The ingest API's published rate limits per project: the budget the SDKs pace themselves
 * to and the local ingest server enforces. `/v1/identify` shares the `track` bucket.
 */
export const PUBLISHED_RATE_LIMITS: { readonly track: PaceLimit; readonly batch: PaceLimit } = {
  track: { ratePerSecond: 50, burst: 200 },
  batch: { ratePerSecond: 5, burst: 20 },
};

/** The most events one `POST /v1/batch` may carry. */
export const MAX_BATCH_EVENTS = 1000;
