import { blameRejectedBatch } from "./blameRejectedBatch";
import type { DeliveryAnswer } from "./DeliveryAnswer";

/**
 * What to do with the events of a request, given its answer:
 * - `delivered`: a 2xx, they are acknowledged;
 * - `retry`: send the same events again after `afterMs` (5xx, network error, timeout, 429);
 * - `split`: a 400/413 on a batch that splitting can help: send the events at the positions
 *   in `isolate` apart from the rest, or, without `isolate`, each half apart;
 * - `drop`: they fail for good, for `reason` `redirect` (the host is not the ingest API)
 *   or `rejected` (any other 4xx but 429: retrying cannot help);
 * - `requeue`: retries are exhausted; they go back to the queue for a later flush.
 */
export type AnswerDecision =
  | { action: "delivered" }
  | { action: "retry"; afterMs: number }
  | { action: "split"; isolate?: number[] }
  | { action: "drop"; reason: "redirect" | "rejected" }
  | { action: "requeue" };

/** What the decision needs besides the answer. */
export interface AnswerContext {
  /** How many events the request carried. */
  batchSize: number;
  /** Retries of this request so far: 0 when deciding on its first answer. */
  attempt: number;
  /** Retries allowed before `requeue`. */
  maxRetries: number;
  /** The first backoff step; it doubles with each retry. */
  retryBaseMs: number;
  /**
   * The backoff's jitter, in [0, 1): the wait is drawn between half and all of the step.
   * @default Math.random
   */
  random?: () => number;
}

/**
 * The delivery engine's one rule for an answer: 2xx delivered; a redirect dropped (never
 * followed: a 301/302 would turn the POST into a GET); a 400/413 on 2+ events split to
 * isolate the bad ones, when a split can help; any other 4xx but 429 dropped; anything
 * else (5xx, 429, no answer) retried, with the 429's `Retry-After` or exponential backoff
 * with jitter, until `maxRetries`. Pure, given `random`.
 *
 * @example
 * ```ts
 * decideOnAnswer({ ok: false, status: 503 }, { batchSize: 10, attempt: 0, maxRetries: 3, retryBaseMs: 100 });
 * // { action: "retry", afterMs: 50…100 }
 * ```
 */
export function decideOnAnswer(answer: DeliveryAnswer, context: AnswerContext): AnswerDecision {
  if (answer.ok) return { action: "delivered" };
  if (answer.redirect) return { action: "drop", reason: "redirect" };
  const { status } = answer;
  if ((status === 400 || status === 413) && context.batchSize > 1) {
    // All-or-nothing batches: send the parts apart until the bad events are alone, deliver the rest.
    const split = splitFor(answer, context.batchSize);
    if (split) return split;
  }
  if (status >= 400 && status < 500 && status !== 429) return { action: "drop", reason: "rejected" };
  if (context.attempt >= context.maxRetries) return { action: "requeue" };
  const backoff = context.retryBaseMs * 2 ** context.attempt;
  return { action: "retry", afterMs: answer.retryAfterMs ?? backoff / 2 + (context.random ?? Math.random)() * (backoff / 2) };
}

/**
 * How to split a batch of 2+ events the server rejected, or `undefined` when no split
 * can help. A 413 is about size: halve. A 400 that names events by position: those
 * apart from the rest (each part is sent again, so a wrong position costs a request,
 * never an event). A 400 about some event it does not name: halve. A 400 about the
 * request itself, or that names every event: every split would fail the same way, so
 * the batch fails whole (one request, not 2n − 1).
 */
function splitFor(answer: DeliveryAnswer, batchSize: number): AnswerDecision | undefined {
  const halve: AnswerDecision = { action: "split" };
  if (answer.status === 413) return halve;
  // A body cut at the read cap may have lost the names; smaller batches get shorter answers.
  if (answer.truncated) return halve;
  const blame = blameRejectedBatch(answer.details, batchSize);
  if (blame === "some_event") return halve;
  if (blame === "request" || blame.length === batchSize) return undefined;
  return { action: "split", isolate: blame };
}
