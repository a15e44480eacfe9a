import type { EventInput } from "@millimetric/core";
import { getContext } from "@millimetric/track-node/context";
import { clientFor } from "./clientFor";
import type { ClientSource } from "./ClientSource";
import { SOURCE, sourceOf, type FastifyContext } from "./contextSource";
import { missingContext } from "./missingContext";

/**
 * `track()` with the current request's ids; outside a request, on `fallback` (one
 * registration's client, for `fastify.millimetric.track`), else the last registration's.
 */
export function trackIn(event: EventInput, fallback?: ClientSource): string {
  const context = getContext() as FastifyContext | undefined;
  if (event && event.anonymous_id == null && event.user_id == null && !context?.anonymous_id && !context?.user_id && !context?.[SOURCE]) {
    missingContext("track");
  }
  const client = clientFor(context?.[SOURCE] ?? fallback ?? sourceOf(context));
  return client ? client.track(event) : "";
}
