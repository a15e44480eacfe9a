// The public API: the protocol's event, the id and cookie contract, consent, the one
// visitor decision, script-safe output, the relay and the delivery types apps configure.
// What the SDKs and adapters share among themselves is in "@millimetric/core/internal".
export { MillimetricError, MillimetricTypeError, type MillimetricErrorCode, type MillimetricErrorExtra } from "./errors/MillimetricError";
export type { MillimetricEvent, EventInput } from "./events/MillimetricEvent";
export { validateEvent } from "./events/validateEvent";
export { ID_PATTERN, isValidId } from "./ids/isValidId";
export { mintId } from "./ids/mintId";
export { ANONYMOUS_ID_HEADER } from "./ids/anonymousIdHeader";
export { AID_COOKIE, AID_COOKIE_TEMPLATE, serializeAidCookie, aidCookieTemplate, type AidCookieOptions } from "./ids/aidCookie";
export { AID_MINTED_COOKIE, serializeAidMintedCookie } from "./ids/aidMintedCookie";
export { aidFromCookies } from "./ids/aidFromCookies";
export { getCookieValues } from "./ids/getCookieValues";
export { isBrowserRequest, type HeaderReader } from "./ids/isBrowserRequest";
export { isOptedOut } from "./consent/isOptedOut";
export { OPT_OUT_COOKIE } from "./consent/optOutCookie";
export { DEFAULT_HOST } from "./delivery/defaultHost";
export { serializeForScript } from "./script/serializeForScript";
export type { AidPayload } from "./script/AidPayload";
export { aidScriptContent } from "./script/aidScriptContent";
export { renderAidScript, type RenderAidScriptOptions } from "./script/renderAidScript";
export { reconcileAnonymousId, type Reconciled } from "./ids/reconcileAnonymousId";
export type { DeliveryStats } from "./delivery/DeliveryStats";
export type { PacingOptions } from "./delivery/PacingOptions";
export type { Transport, TransportRequest, TransportAnswer } from "./delivery/Transport";
export { PUBLISHED_RATE_LIMITS, MAX_BATCH_EVENTS, type PaceLimit } from "./delivery/publishedLimits";
export type { FlushOptions } from "./delivery/FlushOptions";
export type { ShutdownOptions } from "./delivery/ShutdownOptions";
export { relayRequest } from "./relay/relayRequest";
export type { RelayOptions } from "./relay/relayOptions";
export { RELAY_MAX_BODY_BYTES, RELAY_DEFAULT_PATH, RELAY_COOKIE } from "./relay/relayLimits";
export type { DeliveryEvent, DroppedReason } from "./delivery/DeliveryEvent";
export { decideVisitor } from "./visitor/decideVisitor";
export { visitorPolicy, type VisitorPolicy } from "./visitor/visitorPolicy";
export type { VisitorOptions } from "./visitor/VisitorOptions";
export type { VisitorRequest } from "./visitor/VisitorRequest";
export type { VisitorDecision, VisitorContext, VisitorIdSource } from "./visitor/VisitorDecision";
export { privateCacheControl } from "./visitor/privateCacheControl";
