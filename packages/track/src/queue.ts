import type { MillimetricEvent } from "@millimetric/core";
import { H, I, K, N } from "./init";

const Q: MillimetricEvent[] = [];
// T: no automatic send before this time (backoff, Retry-After); F: failures in a row;
// P: the send in progress, so sends never overlap and flush() waits for them.
let T = 0;
let F = 0;
let P: Promise<void> | undefined;

/** Queues one validated event; past 1000 the oldest is dropped (bounded memory). */
export function push(e: MillimetricEvent) {
  if (Q.push(e) > 1e3) Q.shift();
  if (Q[N - 1]) flushQ();
}

// Takes events off the head while their JSON fits in 60 KB (at least one), under the
// 64 KiB browsers allow keepalive requests in flight; the 5.5 KB between the two holds
// the body's wrapper and its commas (at most 999).
function take() {
  let i = 0;
  let max = 6e4;
  while (Q[i] && (max -= new Blob([JSON.stringify(Q[i])]).size) > 0) i++;
  return Q.splice(0, i || 1);
}

// Resolves to undefined when the network fails or times out. Always keepalive: a batch in flight when
// the page goes away still arrives (browsers cancel ordinary fetches on unload).
function post(b: MillimetricEvent[]) {
  return fetch(H, {
    method: "POST",
    headers: { authorization: "Bearer " + K, "content-type": "application/json" },
    body: JSON.stringify({ events: b }),
    keepalive: true,
    // A request that never gets an answer must not hold the queue for the life of the
    // page: after 10 s it fails like any network error and is retried.
    signal: AbortSignal.timeout?.(1e4),
  }).catch(() => {});
}

/**
 * Sends what is queued. An ordinary send waits for the one in progress and for the
 * backoff; a forced one (flush(), page exit) starts at once, so at page exit the next
 * batch leaves before the page is gone. Either way a failed batch goes back in the queue
 * (a tab that was only hidden retries it later), and the promise settles after every
 * send before it.
 */
export function flushQ(force?: unknown): Promise<void> {
  const prev = P;
  return (P = (async () => {
    if (!force) await prev;
    while (Q[0] && (force || Date.now() >= T)) {
      const b = take();
      const r = await post(b);
      const s = r?.status || 500;
      if (s > 499 || s == 429) {
        // Retry-After when the server sent one (429, 503), else exponential backoff; never
        // more than a minute. No jitter needed: each browser's timer started at its own
        // page load, so retries after an outage are already spread out.
        T = Date.now() + Math.min(+r!?.headers.get("retry-after")! * 1e3 || I * 2 ** F++, 6e4);
        // Back at the head; past 1000 the oldest go.
        Q.splice(0, Q.unshift(...b) - 1e3);
        break;
      }
      F = 0;
      // Other 4xx will not get better by retrying (bad key, origin not allowed).
      if (s > 299) console.error("[millimetric] HTTP " + s, b);
    }
    await prev;
  })());
}
