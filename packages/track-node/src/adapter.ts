// @millimetric/track-node/adapter: the server glue every framework adapter shares (Express,
// Fastify, the Web-standard @millimetric/fetch, and what is built on it). Adapters are
// glue: the rules live in @millimetric/core, the client in this package's main entry, and
// what each adapter repeats — where its events go, settling every client it made, the
// "no key" and "outside a request" policies, the after-response and on-exit flushes — here.
//
// This entry is bundled on its own (tsup: no code splitting), so it imports the client,
// the default client and flushOnExit from the package's public entry by name, never by
// path: one MillimetricClient class and one default client per app, whichever build (node
// or neutral, ESM or CJS) the runtime resolves. Only stateless leaves (`./env`) come by path.
export { AdapterKit } from "./adapter/AdapterKit";
export type { AdapterKitOptions } from "./adapter/AdapterKitOptions";
export type { ClientSource } from "./adapter/ClientSource";
export { LONG_RUNNING_DEFAULTS } from "./adapter/longRunningDefaults";
export type { SourceFlushOnExitOptions } from "./adapter/SourceFlushOnExitOptions";
export { clientFor } from "./adapter/clientFor";
export type { ClientFlushArgs, ClientShutdownArgs, SettleableClient } from "./adapter/clientRegistry";
export { nodeHeaderReader, type NodeRequestHeaders } from "./adapter/nodeHeaderReader";
export type { AdapterVisitorOptions } from "./adapter/AdapterVisitorOptions";
export type { AidScriptOptions } from "./adapter/AidScriptOptions";
export type { RequestMillimetric } from "./adapter/RequestMillimetric";
export { RequestVisitor, type RequestVisitorParts } from "./adapter/RequestVisitor";
export { RESPONSE_STATE, type ResponseState } from "./adapter/responseState";
export { keepFromSharedCaches } from "./adapter/keepFromSharedCaches";
export type { WaitUntil } from "./adapter/WaitUntil";
export { waitUntilOf } from "./adapter/waitUntilOf";
export { flushQuietly } from "./adapter/flushQuietly";
export { flushAfterResponse } from "./adapter/flushAfterResponse";
export { flushOnExit, type FlushOnExitOptions } from "@millimetric/track-node";
