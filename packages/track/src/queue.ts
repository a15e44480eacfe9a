import { parseRetryAfter, utf8Length, type MillimetricEvent } from "@millimetric/core";
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

// Takes events off the head while their JSON fits in `max` bytes (at least one): 60 KB,
// under the 64 KiB browsers allow keepalive requests in flight.
function take(max: number) {
  let i = 0;
  while (Q[i] && (max -= utf8Length(JSON.stringify(Q[i])) + 1) > 13) i++;
  return Q.splice(0, i || 1);
}

function post(b: MillimetricEvent[], keepalive?: boolean) {
  return fetch(H, {
    method: "POST",
    headers: { authorization: "Bearer " + K, "content-type": "application/json" },
    body: JSON.stringify({ events: b }),
    keepalive,
  });
}

/** Sends what is queued after any send in progress; `force` skips the backoff wait. */
export function flushQ(force?: unknown): Promise<void> {
  return (P = Promise.resolve(P).then(async () => {
    while (Q[0] && (force || Date.now() >= T)) {
      // Every batch fits a keepalive request, so one in flight when the page goes away
      // still arrives (browsers cancel ordinary fetches on unload).
      const b = take(6e4);
      const r = await post(b, true).catch(() => {});
      const s = r ? r.status : 500;
      if (s > 499 || s == 429) {
        // 5xx/network: exponential backoff with jitter; 429: the server's Retry-After.
        T = Date.now() + (s < 430 ? parseRetryAfter(r!.headers.get("retry-after")) : Math.min(I * 2 ** F++, 6e4) * (1 + Math.random()));
        // Back at the head in their order; past 1000 the oldest go.
        Q.splice(0, Q.unshift(...b) - 1e3);
        return;
      }
      F = 0;
      if (s > 299) console.error(`[millimetric] HTTP ${s}: dropped ${b.length} events; check the key and allowed origins`);
    }
  }));
}

/** Page exit: everything queued leaves in requests that outlive the page. */
export function exit() {
  while (Q[0]) {
    const b = take(6e4);
    if ("keepalive" in Request.prototype) post(b, true).catch(() => {});
    // sendBeacon cannot set Authorization: the public pk_ key rides in the query string.
    else navigator.sendBeacon(H + "?key=" + K, JSON.stringify({ events: b }));
  }
}
