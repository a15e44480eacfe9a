/** One POST of the delivery engine, as a {@link Transport} receives it. */
export interface TransportRequest {
  /** Absolute URL of the endpoint (`<host>/v1/batch` or `<host>/v1/track`). */
  url: string;
  /** Request headers: `content-type` and `authorization`. */
  headers: Record<string, string>;
  /** The JSON body. */
  body: string;
  /** Aborted on the request's timeout and on shutdown's deadline: reject with `signal.reason`. */
  signal: AbortSignal;
  /** Read at most this many bytes of the answer's body; never follow a redirect. */
  maxAnswerBytes: number;
}

/** What the engine needs to know of an answer. */
export interface TransportAnswer {
  /** The HTTP status; 0 for a browser's opaque redirect. */
  status: number;
  /** A redirect (a 3xx, or the browser's opaque one): not followed, its body not read. */
  redirect?: boolean;
  /** The redirect's `Location` header as sent, when the runtime shows it. */
  location?: string | null;
  /** The `Retry-After` header of a 429. */
  retryAfter?: string | null;
  /** The body as UTF-8, at most `maxAnswerBytes` of it. */
  text: string;
  /** The body reached `maxAnswerBytes`: `text` may be its start only. */
  truncated: boolean;
}

/**
 * How the delivery engine sends a request: resolves with the answer, rejects on a network
 * error or an abort. Core sends with `fetch` ({@link fetchTransport}); a runtime with a
 * cheaper client plugs it in here (track-node uses `node:http` with a keep-alive agent on
 * Node).
 *
 * @example
 * ```ts
 * new Delivery({ host, key, transport: fetchTransport(myFetch) });
 * ```
 */
export type Transport = (request: TransportRequest) => Promise<TransportAnswer>;
