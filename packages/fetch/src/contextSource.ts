import { ClientSource } from "./ClientSource";
import { SOURCE, type FetchContext } from "./contextKeys";

const DEFAULT_SOURCE = new ClientSource();
let last: ClientSource | undefined;

/** Remembers the most recently created wrapper's client, for track() outside requests. */
export function setLastSource(source: ClientSource): void {
  last = source;
}

/** The client source for the current request, else the last wrapper's, else track-node's default client. */
export function sourceOf(context: FetchContext | undefined): ClientSource {
  return context?.[SOURCE] ?? last ?? DEFAULT_SOURCE;
}
