import type { DeliveryOptions } from "@millimetric/core";

/**
 * Options of {@link MillimetricClient}. Every delivery option of the engine applies
 * (`flushAt`, `flushIntervalMs`, `maxRetries`, `maxQueueSize`, `maxBatchBytes`, `pacing`,
 * `timeoutMs`, `onError`, …) with the protocol's defaults.
 */
export interface ClientOptions extends Partial<Omit<DeliveryOptions, "host" | "key" | "transport">> {
  /**
   * Server key (`sk_…`). A `pk_` key works but is warned about once; `rk_`/`ak_` keys
   * cannot write and are refused.
   * @default process.env.MILLIMETRIC_SECRET_KEY
   * @example new MillimetricClient({ key: process.env.MILLIMETRIC_SECRET_KEY })
   */
  key?: string;
  /**
   * Base URL of the ingest API.
   * @default process.env.MILLIMETRIC_HOST ?? "https://api.millimetric.ai"
   * @example { host: "http://127.0.0.1:8787" } // npx millimetric-ingest
   */
  host?: string;
}
