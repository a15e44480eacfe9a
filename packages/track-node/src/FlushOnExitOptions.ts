import type { MillimetricClient } from "./MillimetricClient";

/** Options of {@link flushOnExit}. */
export interface FlushOnExitOptions {
  /**
   * The client to flush: a client, or a function returning the one to flush when the
   * signal arrives (`undefined`: nothing to flush), for a client created on first use.
   * @default the default client (`init()`, or `MILLIMETRIC_SECRET_KEY`), when there is one
   * @example flushOnExit({ client: new MillimetricClient({ flushAt: 50 }) })
   */
  client?: Pick<MillimetricClient, "flush"> | (() => Pick<MillimetricClient, "flush"> | undefined);
  /**
   * Longest wait for the flush before the signal takes its course anyway.
   * @default 5000
   * @example { timeoutMs: 2000 } // well inside Kubernetes' 30 s grace period
   */
  timeoutMs?: number;
  /**
   * The signals to flush on (Node's signal names; spelled as strings so the types load
   * without `@types/node`, on edge runtimes too).
   * @default ["SIGTERM", "SIGINT"]
   * @example { signals: ["SIGTERM"] }
   */
  signals?: `SIG${string}`[];
}
