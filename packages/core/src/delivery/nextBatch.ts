import { BATCH_OVERHEAD, batchBody } from "./batchBody";
import type { QueuedEvent } from "./QueuedEvent";
import { utf8Length } from "../events/utf8Length";

/** The limits a batch is taken within (resolved: see `resolveDeliveryOptions`). */
export interface BatchLimits {
  /** Most events in one request. */
  maxBatchEvents: number;
  /** Most bytes in one request body; the first event always goes, whatever its size. */
  maxBatchBytes: number;
}

/** The events of the next request, and its body when measuring the batch already built it. */
export interface NextBatch {
  events: QueuedEvent[];
  /** The `/v1/batch` body of `events`, kept so the request does not join it again. */
  body?: string;
}

/**
 * Which events, from `events[from]` on, form the next batch: as many as fit in
 * `maxBatchEvents` and `maxBatchBytes`, in order. Pure: the queue is not changed, the
 * caller takes `events.length` off its head.
 *
 * @example
 * ```ts
 * const { events: batch, body } = nextBatch(queued, head, { maxBatchEvents: 1000, maxBatchBytes: 262_144 });
 * ```
 */
export function nextBatch(events: readonly QueuedEvent[], from: number, limits: BatchLimits): NextBatch {
  const cap = limits.maxBatchBytes;
  // First by UTF-16 length, which is never more than the UTF-8 size: no batch that
  // this leaves out could have fitted.
  let end = from;
  let units = BATCH_OVERHEAD;
  while (end < events.length && end - from < limits.maxBatchEvents) {
    const n = events[end]!.json.length + 1;
    if (end > from && units + n > cap) break;
    units += n;
    end++;
  }
  const batch = events.slice(from, end);
  // A UTF-16 unit is at most 3 UTF-8 bytes, so only a batch that could be over the cap
  // is measured: once, as the body it is sent as (kept for the request), and item by
  // item only when multi-byte text did put it over.
  if (batch.length > 1 && units * 3 > cap) {
    const body = batchBody(batch);
    if (utf8Length(body) + 1 > cap) return { events: batch.slice(0, fittingPrefix(batch, cap)) };
    return { events: batch, body };
  }
  return { events: batch };
}

/**
 * How many of `events`, from the first, fit in `cap` bytes, by each one's UTF-8 size:
 * the batch overhead plus each event and its comma (the first one always goes).
 */
function fittingPrefix(events: readonly QueuedEvent[], cap: number): number {
  let bytes = BATCH_OVERHEAD;
  let k = 0;
  for (; k < events.length; k++) {
    const n = utf8Length(events[k]!.json) + 1;
    if (k && bytes + n > cap) break;
    bytes += n;
  }
  return k;
}
