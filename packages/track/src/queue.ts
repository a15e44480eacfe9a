import type { MillimetricEvent } from "@millimetric/core";
import { apiKey, batchSize, batchUrl, flushIntervalMs } from "./state";

const queue: MillimetricEvent[] = [];
/** No automatic send before this time (backoff, Retry-After); configure()'s debug lines read it. */
export let retryNotBefore = 0;
/** Failed sends in a row: the exponent of the backoff. */
let failuresInARow = 0;
/** The send in progress, so sends never overlap and flush() waits for them. */
let sendInProgress: Promise<void> | undefined;

/**
 * Queues one validated event; past 1000 the oldest is dropped (bounded memory). A binding
 * configure() can put its pipeline (beforeSend, debug, disabled) in front of: a plain
 * `let`, so an app without configure() pays nothing for the seam.
 */
export let enqueue = (event: MillimetricEvent): void => {
  if (queue.push(event) > 1e3) queue.shift();
  if (queue[batchSize - 1]) sendQueued();
};
/** Sends each batch in place of `fetch` (and returns its answer) when configure() watches deliveries. */
let transport: typeof fetch | undefined;

/** configure()'s way in: what takes each stamped event, and what sends each batch (`undefined`: fetch). */
export function setPipeline(nextEnqueue: typeof enqueue, nextTransport: typeof transport): void {
  enqueue = nextEnqueue;
  transport = nextTransport;
}

/**
 * Empties the queue (optOut). A batch in flight that fails comes back to the head of the
 * queue when its answer arrives: it goes then too, while events tracked after an optIn()
 * in the meantime (stamped later than now) stay.
 */
export function dropQueued() {
  queue.length = 0;
  const now = new Date().toISOString();
  sendInProgress?.then(() => queue.splice(0, queue.length, ...queue.filter((event) => event.timestamp! > now)));
}

/**
 * Sends what is queued. An ordinary send waits for the one in progress and for the
 * backoff; a forced one (`force` truthy: flush(), page exit) starts at once, so at page
 * exit the next batch leaves before the page is gone. Either way a failed batch goes back
 * in the queue (a tab that was only hidden retries it later), and the promise settles
 * after every send before it. `force` is `unknown` because init passes this function
 * straight to `addEventListener("pagehide")`, whose event object is truthy: a forced send.
 */
export function sendQueued(force?: unknown): Promise<void> {
  const previous = sendInProgress;
  return (sendInProgress = (async () => {
    if (!force) await previous;
    while (queue[0] && (force || Date.now() >= retryNotBefore)) {
      // Events off the head while their JSON fits in 60 KB (at least one), under the
      // 64 KiB browsers allow keepalive requests in flight; the 5.5 KB between the two
      // holds the body's wrapper and its commas (at most 999).
      let count = 0;
      let room = 6e4;
      while (queue[count] && (room -= new Blob([JSON.stringify(queue[count])]).size) > 0) count++;
      const batch = queue.splice(0, count || 1);
      // Always keepalive: a batch in flight when the page goes away still arrives (browsers
      // cancel ordinary fetches on unload). A network failure or a timeout is no response.
      const response = await (transport || fetch)(batchUrl, {
        method: "POST",
        headers: { authorization: "Bearer " + apiKey, "content-type": "application/json" },
        body: JSON.stringify({ events: batch }),
        keepalive: true,
        // A request that never gets an answer must not hold the queue for the life of the
        // page: after 10 s it fails like any network error and is retried.
        signal: AbortSignal.timeout?.(1e4),
      }).catch(() => {});
      const status = response?.status || 500;
      if (status > 499 || status == 429) {
        // Retry-After when the server sent one (429, 503), else exponential backoff; never
        // more than a minute. No jitter needed: each browser's timer started at its own
        // page load, so retries after an outage are already spread out.
        retryNotBefore = Date.now() + Math.min(+response!?.headers.get("retry-after")! * 1e3 || flushIntervalMs * 2 ** failuresInARow++, 6e4);
        // Back at the head; past 1000 the oldest go.
        queue.splice(0, queue.unshift(...batch) - 1e3);
        break;
      }
      failuresInARow = 0;
      // Other 4xx will not get better by retrying (bad key, origin not allowed).
      if (status > 299) console.error("[millimetric] HTTP " + status, batch);
    }
    await previous;
  })());
}
