/** The two endpoints the engine POSTs to: one event, or a batch. */
export type DeliveryEndpoint = "/v1/track" | "/v1/batch";
