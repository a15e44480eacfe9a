/**
 * What went wrong, as a stable machine-readable code. One table in core's README
 * ("Error codes") says for each what the user sees and what to do.
 */
export type MillimetricErrorCode =
  /** An event breaks a protocol rule (name, ids, properties, timestamp); the message names the field and the rule. */
  | "invalid_event"
  /** A call got an argument it cannot use (an invalid id, a missing user_id, the request missing from a Pages helper). */
  | "invalid_argument"
  /** An option or environment variable is invalid (a port, a host list, a rate limit, a plugin option). */
  | "invalid_config"
  /** No usable API key, or the wrong kind (an sk_ key in the browser, a pk_/rk_ key on the server). */
  | "invalid_key"
  /** The ingest API answered with an error status. */
  | "http_error"
  /** Reserved: a request that never got an answer. Not reported on its own today: it is retried, and reported as `retries_exhausted` ("network error: …") when its retries run out. */
  | "network_error"
  /** A batch kept failing until its retries ran out; its events go back to the queue and are retried on the next flush. */
  | "retries_exhausted"
  /** The queue was full, so the oldest events were dropped. */
  | "queue_overflow"
  /** A helper ran where it cannot know the visitor: outside a request the adapter handled, or in a request with no visitor. */
  | "missing_context"
  /** A hook or component ran outside the provider it needs. */
  | "missing_provider"
  /** A module was loaded where it cannot work (a server entry in a browser bundle). */
  | "wrong_environment"
  /** The app's `beforeSend` hook threw, so that event was dropped. */
  | "before_send_failed"
  /** The client was shut down; the call sent nothing. */
  | "shutdown"
  /** `flush()`/`shutdown()` gave up waiting; what was not delivered stays queued or is reported. */
  | "timeout";
