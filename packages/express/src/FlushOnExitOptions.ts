/** Options of `flushOnExit`. */
export interface FlushOnExitOptions {
  /**
   * Longest wait for the flush before the signal takes its course anyway.
   * @default 5000
   * @example { timeoutMs: 2000 } // well inside Kubernetes' 30 s grace period
   */
  timeoutMs?: number;
  /**
   * The signals to flush on.
   * @default ["SIGTERM", "SIGINT"]
   * @example { signals: ["SIGTERM"] }
   */
  signals?: NodeJS.Signals[];
}
