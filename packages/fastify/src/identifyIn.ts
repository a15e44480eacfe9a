import type { IdentifyInput } from "@millimetric/track-node";
import { getContext } from "@millimetric/track-node/context";
import { clientFor, type ClientSource } from "@millimetric/track-node/adapter";
import { SOURCE, type FastifyContext } from "./contextKeys";
import { kit } from "./kit";

/** `identify()` with the current request's anonymous id; outside a request, on `fallback`'s client (see `trackIn`). */
export function identifyIn(input: IdentifyInput, fallback?: ClientSource): string | undefined {
  const context = getContext() as FastifyContext | undefined;
  // An opted-out visitor has no id on purpose: the client drops the call (debug says so).
  if (input && input.anonymous_id == null && !context?.anonymous_id && !context?.opted_out) {
    if (context?.[SOURCE]) kit.missingVisitor("identify");
    else kit.missingContext("identify");
    return undefined;
  }
  const client = clientFor(kit.sourceOf(context?.[SOURCE] ?? fallback));
  return client ? client.identify(input) : undefined;
}
