import { flushAfterResponse, waitUntilOf } from "@millimetric/track-node/adapter";
import { kit } from "./kit";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";

/**
 * Hands the flush of what this package queued to the platform's `waitUntil` — the
 * option, else the load context's own `waitUntil` (Netlify), else
 * `context.cloudflare.ctx.waitUntil` (the Cloudflare templates) — so a serverless host
 * keeps the instance alive until the events are delivered, without delaying the
 * response. Nothing without one (long-running servers send in the background). Never throws.
 */
export function afterResponse(context: unknown, options: MillimetricRemixOptions | undefined): void {
  const cloudflare = (context as { cloudflare?: { ctx?: unknown } } | null | undefined)?.cloudflare;
  const waitUntil = options?.waitUntil ?? waitUntilOf([context, cloudflare?.ctx]);
  if (waitUntil) flushAfterResponse(kit.sourceOf(undefined).peek(), waitUntil);
}
