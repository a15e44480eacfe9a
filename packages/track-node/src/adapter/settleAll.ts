/**
 * Waits for every promise, then rejects with the first failure if any: one client whose
 * delivery failed must not cut short the flush of the others.
 */
export async function settleAll(promises: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(promises);
  for (const r of results) if (r.status === "rejected") throw r.reason;
}
