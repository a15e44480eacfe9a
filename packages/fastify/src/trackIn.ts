import type { EventInput } from "@millimetric/core";
import { getContext } from "@millimetric/track-node/context";
import { clientFor, type ClientSource } from "@millimetric/track-node/adapter";
import { SOURCE, type FastifyContext } from "./contextKeys";
import { kit } from "./kit";

/**
 * `track()` with the current request's ids; outside a request, on `fallback` (one
 * registration's client, for `fastify.millimetric.track`), else the last registration's.
 */
export function trackIn(event: EventInput, fallback?: ClientSource): string | undefined {
  const context = getContext() as FastifyContext | undefined;
  if (event && event.anonymous_id == null && event.user_id == null && !context?.anonymous_id && !context?.user_id && !context?.[SOURCE]) {
    kit.missingContext("track");
  }
  const client = clientFor(kit.sourceOf(context?.[SOURCE] ?? fallback));
  return client ? client.track(event) : undefined;
}
