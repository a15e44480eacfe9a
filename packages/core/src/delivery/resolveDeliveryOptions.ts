import type { DeliveryOptions } from "./DeliveryOptions";
import { MAX_BATCH_EVENTS } from "./publishedLimits";

/** The engine's numbers and address with every default filled in and every bound applied. */
export type ResolvedDeliveryOptions = Required<Omit<DeliveryOptions, "pacing" | "fetch" | "transport" | "onError">>;

/**
 * Fills in the defaults documented on {@link DeliveryOptions} (the one place they are
 * applied) and clamps what would stall the engine: a `flushAt`, queue or concurrency
 * below 1, or batches past the protocol's 1000 events.
 *
 * @example resolveDeliveryOptions({ host: "http://127.0.0.1:8787/", key: "sk_test_…" }).host // "http://127.0.0.1:8787"
 */
export function resolveDeliveryOptions(options: DeliveryOptions): ResolvedDeliveryOptions {
  return {
    // Trailing slashes off: the endpoints' paths are appended as they are.
    host: options.host.replace(/\/+$/, ""),
    key: options.key,
    flushAt: Math.max(1, options.flushAt ?? 1),
    flushIntervalMs: options.flushIntervalMs ?? 1000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseMs: options.retryBaseMs ?? 100,
    maxQueueSize: Math.max(1, options.maxQueueSize ?? 100_000),
    maxBatchEvents: Math.min(MAX_BATCH_EVENTS, Math.max(1, options.maxBatchEvents ?? MAX_BATCH_EVENTS)),
    maxBatchBytes: options.maxBatchBytes ?? 262_144,
    maxConcurrentRequests: Math.max(1, options.maxConcurrentRequests ?? 4),
    timeoutMs: options.timeoutMs ?? 10_000,
  };
}
