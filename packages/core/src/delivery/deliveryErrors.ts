import type { DeliveryAnswer } from "./DeliveryAnswer";
import type { DeliveryEndpoint } from "./DeliveryEndpoint";
import { MillimetricError } from "../errors/MillimetricError";

// Every error the delivery engine reports or rejects with, in one place: each message
// says what happened to how many events and what the app can do about it.

/** `enqueue()` after `shutdown()`. */
export function closedError(): MillimetricError {
  return new MillimetricError("shutdown", "track() after shutdown(): the event was dropped", { count: 1 });
}

/** The queue cap dropped the `count` oldest events. */
export function queueOverflowError(count: number, maxQueueSize: number): MillimetricError {
  return new MillimetricError(
    "queue_overflow",
    `dropped the ${count} oldest event(s): the queue holds at most ${maxQueueSize} (maxQueueSize) and the server is not keeping up`,
    { count },
  );
}

/** `flush({ timeoutMs })` ran out of time; nothing was dropped. */
export function flushTimeoutError(ms: number, left: number): MillimetricError {
  return new MillimetricError(
    "timeout",
    `flush({ timeoutMs: ${ms} }) ran out of time with ${left} event(s) not yet delivered; they stay queued and keep being sent (the server is slow or unreachable, or pacing holds them): await flush() again, or give it more time`,
    { count: left },
  );
}

/** `shutdown({ timeoutMs })` ran out of time and dropped what was left. */
export function shutdownTimeoutError(ms: number, left: number): MillimetricError {
  return new MillimetricError(
    "shutdown",
    `shutdown({ timeoutMs: ${ms} }) ran out of time: dropped ${left} event(s) not yet delivered (requests in flight were aborted; the server is slow or unreachable, or pacing held them). Check "host", or give shutdown a longer timeoutMs`,
    { count: left },
  );
}

/** One report for the `count` events of a batch rejected with one kind of 4xx, over `requests` requests. */
export function rejectedError(first: DeliveryAnswer, count: number, requests: number): MillimetricError {
  const split = requests > 1 ? ` (in ${requests} requests, after splitting the batch to isolate the rejected events; the first answer is shown)` : "";
  return new MillimetricError("http_error", `server rejected ${count} event(s) with ${describeAnswer(first)}${split}; not retried. ${nextStep(first.status)}`, {
    status: first.status,
    serverCode: first.serverCode,
    count,
  });
}

/** `host` answered `endpoint` with a redirect: it is not the ingest API. */
export function redirectError(host: string, endpoint: DeliveryEndpoint, answer: DeliveryAnswer, count: number): MillimetricError {
  const to = answer.location ? ` to ${answer.location}` : "";
  // Pointing elsewhere (http → https, another domain) usually is the fix; the same origin is not.
  const elsewhere = answer.location && originOf(answer.location) !== originOf(host) ? `, perhaps ${originOf(answer.location)}` : "";
  return new MillimetricError(
    "http_error",
    `${host}${endpoint} answered with a redirect${answer.status ? ` (HTTP ${answer.status})` : ""}${to}: "host" is not the ingest API's base URL (redirects are not followed: they would turn the POST into a GET and lose the events). Set host to the ingest API's origin${elsewhere}; ${count} event(s) were not delivered`,
    { status: answer.status || undefined, count },
  );
}

/** `count` events are still undelivered after `maxRetries` retries; they stay queued. */
export function retriesExhaustedError(answer: DeliveryAnswer, count: number, maxRetries: number): MillimetricError {
  return new MillimetricError(
    "retries_exhausted",
    `${count} event(s) not delivered after ${maxRetries} retries (${describeAnswer(answer)}); they stay queued and are retried on the next flush`,
    { status: answer.status || undefined, serverCode: answer.serverCode, count, cause: answer.cause },
  );
}

function describeAnswer(a: DeliveryAnswer): string {
  if (!a.status) return `network error: ${(a.cause as Error | undefined)?.message ?? "unknown"}`;
  let details = a.details ? ` ${JSON.stringify(a.details)}` : "";
  // The details of a big batch name every broken field of every event: a log line needs the first few.
  if (details.length > 500) details = `${details.slice(0, 500)}…`;
  return `HTTP ${a.status}${a.serverCode ? ` ${a.serverCode}` : ""}${details}`;
}

/** What to do about a 4xx, for the end of its message. */
function nextStep(status: number): string {
  if (status === 401 || status === 403) return "Check the key: an sk_ key of this project, for this host.";
  if (status === 400 || status === 413) return "Fix the fields the details name (or lower maxBatchBytes for a 413).";
  return "Check host and key.";
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
