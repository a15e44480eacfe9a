/**
 * Milliseconds to wait after a 429: the `Retry-After` header in seconds (the protocol's
 * form), else the body's `retry_after_s`, else one second. Capped at a minute so a
 * hostile or broken server cannot park the queue.
 *
 * @example parseRetryAfter("2") // 2000
 */
export function parseRetryAfter(header: string | null, bodySeconds?: unknown): number {
  const ms = (header ? +header : (bodySeconds as number)) * 1e3;
  return ms >= 0 ? Math.min(ms, 6e4) : 1e3;
}
