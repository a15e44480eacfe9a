/** How far ahead of the server's clock a client `timestamp` may be: 24 hours. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/**
 * The rule the server adds to core's timestamp check, against its own clock at
 * arrival: a `timestamp` more than 24 hours ahead is refused, because a far-future row
 * (`9999-12-31`) would sort above every real event forever and push real visitors off
 * the events page. Past timestamps (backfills) are fine. Returns the field error, or
 * undefined when the value is absent, not a date (core reports that) or in range.
 *
 * @example
 * ```ts
 * futureTimestampError("9999-12-31T00:00:00Z", Date.now())
 * // "must be at most 24 hours ahead of the server's clock (…)"
 * futureTimestampError("2015-06-01T12:00:00Z", Date.now()) // undefined
 * ```
 */
export function futureTimestampError(timestamp: unknown, now: number): string | undefined {
  if (typeof timestamp !== "string") return undefined;
  const ms = Date.parse(timestamp);
  if (!(ms - now > MAX_FUTURE_MS)) return undefined;
  return (
    `must be at most 24 hours ahead of the server's clock (it reads ${new Date(now).toISOString()}); ` +
    "fix the sender's clock, or leave timestamp out to stamp the arrival time"
  );
}
