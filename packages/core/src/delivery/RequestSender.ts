import { batchBody } from "./batchBody";
import type { DeliveryAnswer } from "./DeliveryAnswer";
import type { DeliveryEndpoint } from "./DeliveryEndpoint";
import type { DeliveryTimers } from "./DeliveryTimers";
import type { PacingOptions } from "./PacingOptions";
import type { QueuedEvent } from "./QueuedEvent";
import { readAnswer } from "./readAnswer";
import { RequestPacer } from "./RequestPacer";
import type { Transport } from "./Transport";

/**
 * The most of an answer's body that is read. The protocol's answers are a few hundred
 * bytes; an error naming every field of a big batch can be tens of KiB, and one cut
 * short only makes the engine split the batch (smaller batches, smaller answers).
 */
const MAX_ANSWER_BYTES = 64 * 1024;

/** What the sender needs to know of the engine's options (resolved). */
export interface RequestSenderOptions {
  host: string;
  key: string;
  timeoutMs: number;
  transport: Transport;
  pacing: PacingOptions | false | undefined;
}

/**
 * The engine's requests: each one waits for its turn (pacing, a 429's pause), goes out
 * through the transport with a timeout, and comes back as a {@link DeliveryAnswer},
 * never as a rejection (no answer is status 0 with its `cause`).
 *
 * @example
 * ```ts
 * const sender = new RequestSender({ host, key, timeoutMs: 10_000, transport, pacing: undefined }, timers);
 * const answer = await sender.post("/v1/batch", batch);
 * ```
 */
export class RequestSender {
  /** Requests sent, each retry and each part of a split counted. */
  requests = 0;
  /** The same two headers on every request, built once. */
  private readonly headers: Record<string, string>;
  private readonly pacer: RequestPacer;
  private readonly inFlight = new Set<AbortController>();
  private stopped = false;

  constructor(
    private readonly options: RequestSenderOptions,
    private readonly timers: DeliveryTimers,
  ) {
    this.headers = { "content-type": "application/json", authorization: `Bearer ${options.key}` };
    this.pacer = new RequestPacer(options.pacing);
  }

  /**
   * POSTs `events` to `endpoint` once pacing allows: `/v1/track` carries the one event,
   * `/v1/batch` all of them (`body` when the batch's body was already built).
   */
  async post(endpoint: DeliveryEndpoint, events: readonly QueuedEvent[], body?: string): Promise<DeliveryAnswer> {
    await this.waitTurn(endpoint);
    if (this.stopped) return { ok: false, status: 0 };
    const url = this.options.host + endpoint;
    const payload = endpoint === "/v1/track" ? events[0]!.json : (body ?? batchBody(events));
    this.requests++;
    const request = new AbortController();
    this.inFlight.add(request);
    // One signal for both the timeout and shutdown's deadline (AbortSignal.any is not everywhere yet).
    const { timeoutMs } = this.options;
    const timeout = this.timers.start(() => request.abort(new Error(`no answer within ${timeoutMs} ms (timeoutMs)`)), timeoutMs);
    try {
      const res = await this.options.transport({ url, headers: this.headers, body: payload, signal: request.signal, maxAnswerBytes: MAX_ANSWER_BYTES });
      const answer = readAnswer(res, url);
      // A 429: the wait it asks for holds every request to this endpoint, not only this one's retry.
      if (answer.retryAfterMs !== undefined) this.pacer.pause(endpoint, answer.retryAfterMs);
      return answer;
    } catch (cause) {
      return { ok: false, status: 0, cause };
    } finally {
      this.timers.cancel(timeout);
      this.inFlight.delete(request);
    }
  }

  /** Aborts every request in flight with `reason` and sends no more (shutdown's deadline). */
  stop(reason: Error): void {
    this.stopped = true;
    for (const request of this.inFlight) request.abort(reason);
  }

  private async waitTurn(endpoint: DeliveryEndpoint): Promise<void> {
    for (;;) {
      const wait = this.pacer.delayMs(endpoint);
      if (!wait || this.stopped) return;
      await this.timers.sleep(wait);
    }
  }
}
