// @millimetric/core/internal: what the SDKs and adapters of this repository share and apps
// should not build on (no semver promise): the delivery engine, the rules the visitor
// decision is made of, development-only messages, helpers of the hot paths. The public
// API is the package's main entry.
export { isProduction } from "./errors/isProduction";
export { warnOnce } from "./errors/warnOnce";
export { failInDevelopment } from "./errors/failInDevelopment";
export { checkEvent, type CheckEventOptions, type CheckEventResult } from "./events/checkEvent";
export { SYSTEM_EVENTS, MAX_PROPERTIES_BYTES, EVENT_NAME, lengthError, isEventName, eventNameError, fitsProperties, propertiesError } from "./events/eventRules";
export { invalidEventError } from "./events/invalidEventError";
export { randomHex } from "./ids/randomHex";
export { pooledRandomHex } from "./ids/pooledRandomHex";
export { utf8Length } from "./events/utf8Length";
export { nowIso } from "./events/nowIso";
export { replaceCookie } from "./ids/replaceCookie";
export { findAnonymousId, type FoundAnonymousId } from "./ids/findAnonymousId";
export { isHttpsRequest } from "./ids/isHttpsRequest";
export { keyKind, type KeyKind } from "./delivery/keyKind";
export { resolveAnonymousId, type ResolvedAnonymousId, type ResolveAnonymousIdInput, type AnonymousIdSource } from "./ids/resolveAnonymousId";
export { TokenBucket } from "./delivery/TokenBucket";
export { parseRetryAfter } from "./delivery/parseRetryAfter";
export { Delivery } from "./delivery/Delivery";
export type { DeliveryOptions } from "./delivery/DeliveryOptions";
export { fetchTransport } from "./delivery/fetchTransport";
export { readCappedText, type CappedText } from "./relay/readCappedText";
export { readCappedBytes, type CappedBytes } from "./relay/readCappedBytes";
export { blameRejectedBatch } from "./delivery/blameRejectedBatch";
export { RELAY_PATH_PATTERN } from "./relay/relayLimits";
export { isRelayPath, relayPathOrUndefined } from "./relay/relayPath";
export { relayRouteRefusal } from "./relay/relayRouteRefusal";
export { forwardedClientIp } from "./relay/forwardedClientIp";
export type { DeliveryEventOptions } from "./delivery/DeliveryEventOptions";
export { callHook } from "./errors/callHook";
export { FORWARDED_VISITOR_HEADER, forwardedVisitorValue, readForwardedVisitor, type ReadVisitor } from "./visitor/forwardedVisitor";
