import type { MillimetricClient } from "@millimetric/track-node";
import { warnOnce } from "@millimetric/core/internal";
import { flushQuietly } from "./flushQuietly";
import type { WaitUntil } from "./WaitUntil";

/**
 * The after-response seam every adapter fills with its platform's hook: hands the flush
 * of `client` to `waitUntil` (the Workers `ctx.waitUntil`, Vercel's `waitUntil`, Next's
 * `after`), so it runs without delaying the response and the instance stays alive until
 * it is done. Call it once the handler has returned. Never throws: a `waitUntil` that
 * throws is reported once, and the events leave in the background instead.
 *
 * @returns Whether the flush was handed over (false: no client, no `waitUntil`, or it threw).
 * @example
 * ```ts
 * try {
 *   return await handler(request, env, ctx);
 * } finally {
 *   flushAfterResponse(source.peek(), (p) => ctx.waitUntil(p));
 * }
 * ```
 */
export function flushAfterResponse(client: Pick<MillimetricClient, "flush"> | undefined, waitUntil: WaitUntil | undefined): boolean {
  if (!client || !waitUntil) return false;
  try {
    waitUntil(flushQuietly(client));
    return true;
  } catch (err) {
    warnOnce("wait-until", `[millimetric] waitUntil threw (${String(err)}); events of this request leave in the background instead.`);
    return false;
  }
}
