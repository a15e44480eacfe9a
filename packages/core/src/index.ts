export { MillimetricError, MillimetricTypeError, type MillimetricErrorCode, type MillimetricErrorExtra } from "./MillimetricError";
export { isProduction } from "./isProduction";
export { warnOnce } from "./warnOnce";
export { failInDevelopment } from "./failInDevelopment";
export type { MillimetricEvent, EventInput } from "./MillimetricEvent";
export { checkEvent, type CheckEventOptions, type CheckEventResult } from "./checkEvent";
export {
  SYSTEM_EVENTS,
  MAX_PROPERTIES_BYTES,
  EVENT_NAME,
  lengthError,
  isEventName,
  eventNameError,
  fitsProperties,
  propertiesError,
} from "./eventRules";
export { validateEvent } from "./validateEvent";
export { invalidEventError } from "./invalidEventError";
export { ID_PATTERN, isValidId } from "./isValidId";
export { mintId } from "./mintId";
export { randomHex } from "./randomHex";
export { pooledRandomHex } from "./pooledRandomHex";
export { utf8Length } from "./utf8Length";
export { nowIso } from "./nowIso";
export { ANONYMOUS_ID_HEADER } from "./anonymousIdHeader";
export { AID_COOKIE, AID_COOKIE_TEMPLATE, serializeAidCookie, aidCookieTemplate, type AidCookieOptions } from "./aidCookie";
export { AID_MINTED_COOKIE, serializeAidMintedCookie } from "./aidMintedCookie";
export { aidFromCookies } from "./aidFromCookies";
export { getCookieValues } from "./getCookieValues";
export { replaceCookie } from "./replaceCookie";
export { findAnonymousId, type FoundAnonymousId } from "./findAnonymousId";
export { isBrowserRequest, type HeaderReader } from "./isBrowserRequest";
export { isOptedOut } from "./isOptedOut";
export { isHttpsRequest } from "./isHttpsRequest";
export { OPT_OUT_COOKIE } from "./optOutCookie";
export { keyKind, type KeyKind } from "./keyKind";
export { DEFAULT_HOST } from "./defaultHost";
export {
  resolveAnonymousId,
  type ResolvedAnonymousId,
  type ResolveAnonymousIdInput,
  type AnonymousIdSource,
} from "./resolveAnonymousId";
export { serializeForScript } from "./serializeForScript";
export type { AidPayload } from "./AidPayload";
export { aidScriptContent } from "./aidScriptContent";
export { renderAidScript, type RenderAidScriptOptions } from "./renderAidScript";
export { reconcileAnonymousId, type Reconciled } from "./reconcileAnonymousId";
export { TokenBucket } from "./TokenBucket";
export { parseRetryAfter } from "./parseRetryAfter";
export { Delivery } from "./Delivery";
export type { DeliveryOptions } from "./DeliveryOptions";
export type { DeliveryStats } from "./DeliveryStats";
export type { PacingOptions } from "./PacingOptions";
export type { Transport, TransportRequest, TransportAnswer } from "./Transport";
export { fetchTransport } from "./fetchTransport";
export { PUBLISHED_RATE_LIMITS, MAX_BATCH_EVENTS, type PaceLimit } from "./publishedLimits";
export type { FlushOptions } from "./FlushOptions";
export type { ShutdownOptions } from "./ShutdownOptions";
export { readCappedText, type CappedText } from "./readCappedText";
export { blameRejectedBatch } from "./blameRejectedBatch";
export { relayRequest } from "./relayRequest";
export type { RelayOptions } from "./relayOptions";
export { RELAY_MAX_BODY_BYTES, RELAY_DEFAULT_PATH, RELAY_COOKIE, RELAY_PATH_PATTERN } from "./relayLimits";
export { isRelayPath, relayPathOrUndefined } from "./relayPath";
export type { DeliveryEvent, DroppedReason } from "./DeliveryEvent";
export type { DeliveryEventOptions } from "./DeliveryEventOptions";
export { callHook } from "./callHook";
export * from "./visitor/index";
