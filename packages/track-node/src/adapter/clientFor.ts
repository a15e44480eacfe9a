import { MillimetricError } from "@millimetric/core";
import { isProduction, warnOnce } from "@millimetric/core/internal";
import type { MillimetricClient } from "@millimetric/track-node";
import type { ClientSource } from "./ClientSource";

/**
 * The client a `track()` goes to. Without a key this throws in development (the message
 * says what to set) and, in production, logs once and returns `undefined` so a missing
 * analytics key never fails a user's request.
 *
 * @param bindings The request's platform environment (the Workers `env`), where a key may be.
 * @example
 * ```ts
 * return clientFor(source)?.track(event, ids) ?? "";
 * ```
 */
export function clientFor(source: ClientSource, bindings?: unknown): MillimetricClient | undefined {
  try {
    return source.get(bindings);
  } catch (err) {
    if (!isProduction() || !(err instanceof MillimetricError && err.code === "invalid_key")) throw err;
    warnOnce("no-key", `${err.message} (events are dropped until then)`);
    return undefined;
  }
}
