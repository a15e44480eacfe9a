import { getClient } from "./defaultClient";

/**
 * Delivers what the default client has queued. Await it before a serverless handler
 * returns, or on SIGTERM in a long-running server.
 *
 * @example
 * ```ts
 * process.on("SIGTERM", async () => { await flush(); process.exit(0); });
 * ```
 */
export function flush(): Promise<void> {
  return getClient().flush();
}
