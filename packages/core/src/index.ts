export { MillimetricError, MillimetricTypeError, type MillimetricErrorCode, type MillimetricErrorExtra } from "./errors/MillimetricError";
export { isProduction } from "./errors/isProduction";
export { warnOnce } from "./errors/warnOnce";
export { failInDevelopment } from "./errors/failInDevelopment";
export type { MillimetricEvent, EventInput } from "./events/MillimetricEvent";
export { checkEvent, type CheckEventOptions, type CheckEventResult } from "./events/checkEvent";
export {
  SYSTEM_EVENTS,
  MAX_PROPERTIES_BYTES,
  EVENT_NAME,
  lengthError,
  isEventName,
  eventNameError,
  fitsProperties,
  propertiesError,
} from "./events/eventRules";
export { validateEvent } from "./events/validateEvent";
export { invalidEventError } from "./events/invalidEventError";
export { ID_PATTERN, isValidId } from "./ids/isValidId";
export { mintId } from "./ids/mintId";
export { randomHex } from "./ids/randomHex";
export { pooledRandomHex } from "./ids/pooledRandomHex";
export { utf8Length } from "./events/utf8Length";
export { nowIso } from "./events/nowIso";
export { ANONYMOUS_ID_HEADER } from "./ids/anonymousIdHeader";
export { AID_COOKIE, AID_COOKIE_TEMPLATE, serializeAidCookie, aidCookieTemplate, type AidCookieOptions } from "./ids/aidCookie";
export { AID_MINTED_COOKIE, serializeAidMintedCookie } from "./ids/aidMintedCookie";
export { aidFromCookies } from "./ids/aidFromCookies";
export { getCookieValues } from "./ids/getCookieValues";
export { replaceCookie } from "./ids/replaceCookie";
export { findAnonymousId, type FoundAnonymousId } from "./ids/findAnonymousId";
export { isBrowserRequest, type HeaderReader } from "./ids/isBrowserRequest";
export { isOptedOut } from "./consent/isOptedOut";
export { isHttpsRequest } from "./ids/isHttpsRequest";
export { OPT_OUT_COOKIE } from "./consent/optOutCookie";
export { keyKind, type KeyKind } from "./delivery/keyKind";
export { DEFAULT_HOST } from "./delivery/defaultHost";
export {
  resolveAnonymousId,
  type ResolvedAnonymousId,
  type ResolveAnonymousIdInput,
  type AnonymousIdSource,
} from "./ids/resolveAnonymousId";
export { serializeForScript } from "./script/serializeForScript";
export type { AidPayload } from "./script/AidPayload";
export { aidScriptContent } from "./script/aidScriptContent";
export { renderAidScript, type RenderAidScriptOptions } from "./script/renderAidScript";
export { reconcileAnonymousId, type Reconciled } from "./ids/reconcileAnonymousId";
export { TokenBucket } from "./delivery/TokenBucket";
export { parseRetryAfter } from "./delivery/parseRetryAfter";
export { Delivery } from "./delivery/Delivery";
export type { DeliveryOptions } from "./delivery/DeliveryOptions";
export type { DeliveryStats } from "./delivery/DeliveryStats";
export type { PacingOptions } from "./delivery/PacingOptions";
export type { Transport, TransportRequest, TransportAnswer } from "./delivery/Transport";
export { fetchTransport } from "./delivery/fetchTransport";
export { PUBLISHED_RATE_LIMITS, MAX_BATCH_EVENTS, type PaceLimit } from "./delivery/publishedLimits";
export type { FlushOptions } from "./delivery/FlushOptions";
export type { ShutdownOptions } from "./delivery/ShutdownOptions";
export { readCappedText, type CappedText } from "./relay/readCappedText";
export { readCappedBytes, type CappedBytes } from "./relay/readCappedBytes";
export { blameRejectedBatch } from "./delivery/blameRejectedBatch";
export { relayRequest } from "./relay/relayRequest";
export type { RelayOptions } from "./relay/relayOptions";
export { RELAY_MAX_BODY_BYTES, RELAY_DEFAULT_PATH, RELAY_COOKIE, RELAY_PATH_PATTERN } from "./relay/relayLimits";
export { isRelayPath, relayPathOrUndefined } from "./relay/relayPath";
export { relayRouteRefusal } from "./relay/relayRouteRefusal";
export { forwardedClientIp } from "./relay/forwardedClientIp";
export type { DeliveryEvent, DroppedReason } from "./delivery/DeliveryEvent";
export type { DeliveryEventOptions } from "./delivery/DeliveryEventOptions";
export { callHook } from "./errors/callHook";
export * from "./visitor/index";
