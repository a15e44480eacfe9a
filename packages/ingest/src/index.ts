export { startIngest, DEFAULT_ALLOWED_ORIGINS, DEFAULT_DB_PATH } from "./server/startIngest";
export type { IngestOptions, IngestServer, IngestKeys, RateLimit, RateLimits } from "./server/IngestOptions";
export { DEFAULT_RATE_LIMITS } from "./auth/RateLimiter";
export { MAX_BATCH_EVENTS } from "@millimetric/core";
export { parseApiKey, type ParsedApiKey, type KeyKind } from "./auth/parseApiKey";
export type { QueriedEvent } from "./store/EventStore";
