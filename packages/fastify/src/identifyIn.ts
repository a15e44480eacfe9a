import type { IdentifyInput } from "@millimetric/track-node";
import { getContext } from "@millimetric/track-node/context";
import { clientFor } from "./clientFor";
import type { ClientSource } from "./ClientSource";
import { SOURCE, sourceOf, type FastifyContext } from "./contextSource";
import { missingContext } from "./missingContext";
import { missingVisitor } from "./missingVisitor";

/** `identify()` with the current request's anonymous id; outside a request, on `fallback`'s client (see `trackIn`). */
export function identifyIn(input: IdentifyInput, fallback?: ClientSource): string {
  const context = getContext() as FastifyContext | undefined;
  if (input && input.anonymous_id == null && !context?.anonymous_id) {
    if (context?.[SOURCE]) missingVisitor("identify");
    else missingContext("identify");
    return "";
  }
  const client = clientFor(context?.[SOURCE] ?? fallback ?? sourceOf(context));
  return client ? client.identify(input) : "";
}
