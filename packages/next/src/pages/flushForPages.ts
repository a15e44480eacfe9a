import type { MillimetricClient } from "@millimetric/track-node";

const REQUEST_CONTEXT = Symbol.for("@next/request-context");

/**
 * Delivers what a Pages Router request tracked without losing it when the function is
 * frozen after the response: through the platform's `waitUntil` where it offers one (Next
 * reads the same `@next/request-context` for `after()`), so the response is not delayed;
 * otherwise the caller awaits the delivery, before its response is sent.
 */
export async function flushForPages(client: MillimetricClient): Promise<void> {
  const context = (globalThis as { [REQUEST_CONTEXT]?: { get(): { waitUntil?: (p: Promise<unknown>) => void } | undefined } })[REQUEST_CONTEXT];
  // A failed delivery was already reported through the client's onError.
  const delivered = client.flush().catch(() => {});
  const waitUntil = context?.get()?.waitUntil;
  if (waitUntil) waitUntil(delivered);
  else await delivered;
}
