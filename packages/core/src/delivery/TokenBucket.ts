/**
 * A token bucket: `burst` tokens, refilled at `ratePerSecond`. The SDKs use it to pace
 * requests to the published ingest budgets, so a backfill never meets a 429.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes a token and returns 0, or returns the milliseconds until one is available. */
  take(): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.ratePerSecond) / 1000);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  /** Empties the bucket (a 429 says the server's view is emptier than ours). */
  drain(): void {
    this.tokens = 0;
    this.last = this.now();
  }
}
