import { isProduction, warnOnce } from "@millimetric/core";
import { getClient, MillimetricError, type MillimetricClient } from "@millimetric/track-node";

/**
 * The default client (created from `MILLIMETRIC_SECRET_KEY`/`MILLIMETRIC_HOST`, or by
 * `init()`). Without a key: throws in development, naming what to set; in production
 * logs once and returns `undefined`, so a missing analytics key never fails a page.
 */
export function clientOrNull(): MillimetricClient | undefined {
  try {
    return getClient();
  } catch (err) {
    if (!(err instanceof MillimetricError && err.code === "invalid_key")) throw err;
    const message = /no API key/.test(err.message)
      ? "[millimetric] no API key: set MILLIMETRIC_SECRET_KEY to your sk_ key (and MILLIMETRIC_HOST for a local ingest server), or call init({ key }) from @millimetric/remix/server"
      : err.message;
    if (!isProduction()) throw new MillimetricError("invalid_key", message);
    warnOnce("no-key", `${message} (events are dropped until then)`);
    return undefined;
  }
}
