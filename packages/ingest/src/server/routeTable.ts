import { cannotReadEvents } from "../auth/cannotReadEvents";
import { cannotWriteEvents } from "../auth/cannotWriteEvents";
import { forgetRequiresSecretKey } from "../auth/forgetRequiresSecretKey";
import { handleBatch } from "../writes/handleBatch";
import { handleEventsPage } from "../eventsPage/handleEventsPage";
import { handleForget } from "../writes/handleForget";
import { handleIdentify } from "../writes/handleIdentify";
import { handleLoaderScript } from "../reads/handleLoaderScript";
import { handleQuery } from "../reads/handleQuery";
import { handleTrack } from "../writes/handleTrack";
import type { KeyRule, Route } from "./Route";

const KIB = 1024;

/** Events come from a browser (`pk_`, Origin checked) or a server (`sk_`). */
const EVENT_WRITERS: KeyRule = { kinds: ["pk", "sk"], keyInQuery: true, refuse: cannotWriteEvents };

/**
 * Every route the local ingest answers, in the order the 404 answer lists them. Each
 * row is the whole policy of its route: method, who may call it, which rate-limit
 * bucket it spends from and how large a body it reads; the dispatcher
 * ({@link createRequestHandler}) applies them, the handler only does the route's work.
 * The body caps are the published ones (the README's route table).
 */
export const routeTable: readonly Route[] = [
  {
    method: "POST",
    path: "/v1/track",
    keys: EVENT_WRITERS,
    rateLimitBucket: "track",
    maxBodyBytes: 64 * KIB,
    handle: handleTrack,
  },
  {
    method: "POST",
    path: "/v1/batch",
    keys: EVENT_WRITERS,
    rateLimitBucket: "batch",
    maxBodyBytes: 1024 * KIB,
    handle: handleBatch,
  },
  {
    method: "POST",
    path: "/v1/identify",
    keys: EVENT_WRITERS,
    // Shares the track bucket, as RateLimits.track documents.
    rateLimitBucket: "track",
    maxBodyBytes: 64 * KIB,
    handle: handleIdentify,
  },
  {
    method: "POST",
    path: "/v1/forget",
    // The key is read from the URL too, so a beacon's pk_ key gets forget's own 403, not a 401.
    keys: { kinds: ["sk"], keyInQuery: true, refuse: forgetRequiresSecretKey },
    maxBodyBytes: 16 * KIB,
    handle: handleForget,
  },
  {
    method: "GET",
    path: "/v1/query",
    // No key in the URL here: read keys must never end up in logs.
    keys: { kinds: ["rk", "sk"], keyInQuery: false, refuse: cannotReadEvents },
    handle: handleQuery,
  },
  { method: "GET", path: "/v1/a.js", handle: handleLoaderScript },
  { method: "GET", path: "/", handle: handleEventsPage },
];
