import type { MillimetricClient } from "@millimetric/track-node";
import { flushAfterResponse, flushQuietly } from "@millimetric/track-node/adapter";

const REQUEST_CONTEXT = Symbol.for("@next/request-context");

/**
 * Delivers a Pages Router request's events: through the platform's `waitUntil` where
 * Next exposes one (`@next/request-context`, what `after()` uses: Vercel, `next start`),
 * so the response is not delayed, else awaited before the response. Failures are
 * reported (once) by the kit's quiet flush; the request never fails for analytics.
 */
export async function flushForPages(client: MillimetricClient): Promise<void> {
  const requestContext = (globalThis as { [REQUEST_CONTEXT]?: { get(): { waitUntil?: (p: Promise<unknown>) => void } | undefined } })[REQUEST_CONTEXT];
  const platform = requestContext?.get();
  const waitUntil = platform?.waitUntil && ((promise: Promise<unknown>) => platform.waitUntil!(promise));
  if (!flushAfterResponse(client, waitUntil)) await flushQuietly(client);
}
