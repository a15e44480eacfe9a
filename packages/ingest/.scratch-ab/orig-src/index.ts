export { startIngest, DEFAULT_ALLOWED_ORIGINS, DEFAULT_DB_PATH } from "./startIngest";
export type { IngestOptions, IngestServer, IngestKeys, RateLimit, RateLimits } from "./IngestOptions";
export { DEFAULT_RATE_LIMITS } from "./RateLimiter";
export { MAX_BATCH_EVENTS } from "@millimetric/core";
export { parseApiKey, type ParsedApiKey, type KeyKind } from "./parseApiKey";
export type { QueriedEvent } from "./EventStore";
