export { MillimetricClient, DEFAULT_HOST, type IdentifyInput } from "./MillimetricClient";
export type { ClientOptions } from "./ClientOptions";
export type { MillimetricContext } from "./MillimetricContext";
export { init, getClient, existingClient } from "./defaultClient";
export { track } from "./track";
export { identify } from "./identify";
export { flush } from "./flush";
export { shutdown } from "./shutdown";
export { lazyUserId } from "./lazyUserId";
export { flushOnExit } from "./flushOnExit";
export type { FlushOnExitOptions } from "./FlushOnExitOptions";
export {
  MillimetricError,
  type MillimetricErrorCode,
  type MillimetricEvent,
  type EventInput,
  type DeliveryStats,
  type DeliveryEvent,
  type DroppedReason,
  type PacingOptions,
  type PaceLimit,
  type FlushOptions,
  type ShutdownOptions,
} from "@millimetric/core";
