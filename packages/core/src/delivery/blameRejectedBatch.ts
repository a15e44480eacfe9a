/**
 * Whom a 400 on a batch blames, read from its `details.fieldErrors`:
 * - `number[]`: the events at these positions of the batch, each named (the ingest keys
 *   its errors `events.<i>.<field>`);
 * - `"some_event"`: an event's field without saying which (`event`, `user_id`, … —
 *   a rule of a proxy or a server the SDK does not know), or a position outside the
 *   batch: only splitting the batch can find the culprit;
 * - `"request"`: the request itself (`body`, `events`), or nothing in particular (no
 *   `fieldErrors`, not the protocol's error shape): every split of it fails the same way.
 *
 * @param details The answer's parsed `details`.
 * @param batchSize How many events the rejected request carried.
 * @example
 * ```ts
 * blameRejectedBatch({ fieldErrors: { "events.3.user_id": "must be …" } }, 10) // [3]
 * blameRejectedBatch({ fieldErrors: { body: "must be valid JSON" } }, 10)      // "request"
 * blameRejectedBatch({ fieldErrors: { event: "forbidden by project rule" } }, 10) // "some_event"
 * ```
 */
export function blameRejectedBatch(details: unknown, batchSize: number): number[] | "some_event" | "request" {
  const fieldErrors = (details as { fieldErrors?: unknown } | null | undefined)?.fieldErrors;
  if (typeof fieldErrors !== "object" || fieldErrors === null || Array.isArray(fieldErrors)) return "request";
  const named = new Set<number>();
  for (const key of Object.keys(fieldErrors)) {
    if (key === "body" || key === "events") continue;
    const at = /^events\.(\d+)(?:\.|$)/.exec(key);
    if (!at) return "some_event";
    const i = Number(at[1]);
    if (i >= batchSize) return "some_event";
    named.add(i);
  }
  return named.size ? [...named].sort((a, b) => a - b) : "request";
}
