/**
 * Milliseconds to wait from a `Retry-After` header (delta-seconds or an HTTP date),
 * falling back to the body's `retry_after_s`, then to one second. Capped at a minute
 * so a hostile or broken server cannot park the queue.
 */
export function parseRetryAfter(header: string | null, bodySeconds?: unknown, now = Date.now()): number {
  let ms = NaN;
  if (header) {
    const n = Number(header);
    ms = Number.isFinite(n) ? n * 1000 : Date.parse(header) - now;
  }
  if (!(ms >= 0) && typeof bodySeconds === "number") ms = bodySeconds * 1000;
  if (!(ms >= 0)) ms = 1000;
  return Math.min(ms, 60_000);
}
