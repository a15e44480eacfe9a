import type { DeliveryEvent } from "./DeliveryEvent";

/**
 * The engine's listener, beside `DeliveryOptions` (which holds the engine's numbers
 * and address, every one resolved to a default; a listener has none).
 */
export interface DeliveryEventOptions {
  /**
   * Called with every delivery result as it happens: `delivered` (with the count and
   * status), `retry` (with the wait) and `dropped` (with the reason); see
   * {@link DeliveryEvent}. Synchronous and cheap is best: it runs on the engine's path. A
   * listener that throws, or returns a promise that rejects, is ignored; it never breaks
   * delivery.
   * @default undefined (no listener)
   * @example { onDelivery: (e) => e.type === "delivered" && (sent += e.count) }
   */
  onDelivery?: (event: DeliveryEvent) => void;
}
