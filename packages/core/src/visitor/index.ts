// The per-request visitor decision: one function every adapter applies.
export { decideVisitor } from "./decideVisitor";
export { visitorPolicy, type VisitorPolicy } from "./visitorPolicy";
export type { VisitorOptions } from "./VisitorOptions";
export type { VisitorRequest } from "./VisitorRequest";
export type { VisitorDecision, VisitorContext, VisitorIdSource } from "./VisitorDecision";
export { FORWARDED_VISITOR_HEADER, forwardedVisitorValue, readForwardedVisitor, type ReadVisitor } from "./forwardedVisitor";
export { privateCacheControl } from "./privateCacheControl";
