import type { MillimetricError } from "../errors/MillimetricError";
import type { PacingOptions } from "./PacingOptions";
import type { Transport } from "./Transport";

/** Options of the delivery engine; the Node SDK's options are a superset. */
export interface DeliveryOptions {
  /**
   * Base URL of the ingest API, without `/v1`.
   * @example "http://127.0.0.1:8787"
   */
  host: string;
  /**
   * API key sent as `Authorization: Bearer <key>`.
   * @example process.env.MILLIMETRIC_SECRET_KEY
   */
  key: string;
  /**
   * How many queued events trigger a send. `1` sends each event at once to
   * `/v1/track` (a backlog still leaves as one `/v1/batch`); above 1 events go to
   * `/v1/batch`. A send carries up to `maxBatchEvents` whatever this is.
   * @default 1
   * @example { flushAt: 1000 } // backfills
   */
  flushAt?: number;
  /**
   * Events waiting below `flushAt` are sent at most this long after they were queued.
   * The timer is `unref()`'d: it never keeps a process alive.
   * @default 1000
   * @example { flushIntervalMs: 2000 }
   */
  flushIntervalMs?: number;
  /**
   * Retries of one request after 5xx, network errors, timeouts and 429s. After the
   * last one the events go back to the head of the queue and `flush()` rejects.
   * @default 3
   * @example { maxRetries: 10 }
   */
  maxRetries?: number;
  /**
   * First backoff step; each retry doubles it (100, 200, 400, 800 ms), with jitter.
   * @default 100
   * @example { retryBaseMs: 250 }
   */
  retryBaseMs?: number;
  /**
   * Most events held in memory. When full the oldest is dropped and counted; the count
   * reaches `onError` as a `queue_overflow` error. The default holds a synchronous burst
   * of 100 000 `track()` calls (the backfill recipe: a loop, then `flush()`), about
   * 30 MB of typical events; nothing can be sent until such a loop yields.
   * @default 100000
   * @example { maxQueueSize: 10_000 } // a memory-tight worker
   */
  maxQueueSize?: number;
  /**
   * Most events in one `/v1/batch` request (the protocol allows 1000).
   * @default 1000
   * @example { maxBatchEvents: 500 }
   */
  maxBatchEvents?: number;
  /**
   * Most bytes in one request body; larger batches are split.
   * @default 262144 (256 KiB)
   * @example { maxBatchBytes: 512 * 1024 }
   */
  maxBatchBytes?: number;
  /**
   * Client-side pacing to the published rate limits, so bursts and backfills do not
   * meet 429s. The client runs 10 % under each rate with one token less of burst, as
   * the server counts arrivals and network jitter bunches them. `false` for a server
   * without those limits.
   * @default { batch: { ratePerSecond: 5, burst: 20 }, track: { ratePerSecond: 50, burst: 200 } }
   * @example { pacing: false }
   */
  pacing?: PacingOptions | false;
  /**
   * Requests in flight at once.
   * @default 4
   * @example { maxConcurrentRequests: 1 } // strict ordering
   */
  maxConcurrentRequests?: number;
  /**
   * A request that has not answered after this long is aborted and retried.
   * @default 10000
   * @example { timeoutMs: 3000 }
   */
  timeoutMs?: number;
  /**
   * The `fetch` to use.
   * @default globalThis.fetch
   * @example { fetch: myInstrumentedFetch }
   */
  fetch?: typeof fetch;
  /**
   * How requests are sent, for an SDK with a cheaper client than `fetch` on its runtime
   * (track-node's `node:http` keep-alive transport on Node). Wins over `fetch`.
   * @default fetchTransport(fetch ?? globalThis.fetch)
   * @example { transport: fetchTransport(myFetch) }
   */
  transport?: Transport;
  /**
   * Called with every failure the engine gives up on or works around (dropped,
   * rejected, redirected, retries exhausted). The rejections of one batch come as one
   * call whose `count` says how many events were dropped, not one call per event. It
   * may be `async` (typed `=> void` so that any hook fits): a hook that throws, or whose
   * promise rejects, is ignored; it can neither stop delivery nor become an unhandled
   * rejection.
   * @default logs the message with console.error
   * @example { onError: (err) => logger.warn(err.message, { code: err.code, count: err.count }) }
   */
  onError?: (error: MillimetricError) => void;
}
