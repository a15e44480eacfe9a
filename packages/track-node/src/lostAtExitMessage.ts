/** What `flushOnExit`'s exit watch reads of a client (any copy of track-node's class). */
export interface CountedClient {
  /** Events waiting in memory; `inFlight` counts requests, not events. */
  readonly stats?: { queued: number; inFlight: number };
}

/**
 * The events `clients` still hold — queued, or sent in a request not answered yet — and
 * the one line to print about them when the process exits: `undefined` when nothing is
 * pending. Exit listeners are synchronous, so this only counts: nothing can be sent any more.
 *
 * @example
 * ```ts
 * process.on("exit", () => { const line = lostAtExitMessage(clients); if (line) console.error(line); });
 * ```
 */
export function lostAtExitMessage(clients: Iterable<CountedClient>): string | undefined {
  let queued = 0;
  let sentEvents = 0;
  let sentRequests = 0;
  for (const client of clients) {
    try {
      const stats = client.stats;
      queued += stats?.queued ?? 0;
      const requests = stats?.inFlight ?? 0;
      if (requests > 0) {
        const events = inFlightEvents(client);
        if (events === undefined) sentRequests += requests;
        else sentEvents += events;
      }
    } catch {
      // a client that cannot say: nothing to count
    }
  }
  if (queued + sentEvents + sentRequests === 0) return undefined;
  const unconfirmed = [
    sentEvents > 0 ? `${sentEvents} of them sent but not confirmed` : "",
    sentRequests > 0 ? `${sentRequests} more request(s) sent but not confirmed` : "",
  ].filter(Boolean);
  return (
    `[millimetric] the process exited with ${queued + sentEvents} event(s) not delivered (lost${unconfirmed.length ? `; ${unconfirmed.join(", ")}` : ""}): ` +
    `process.exit() (or the end of a script) came before delivery finished. Await flush() — from the Millimetric package you use — before process.exit(), ` +
    `e.g. process.on("SIGTERM", () => server.close(async () => { await flush(); process.exit(0); })), or leave SIGTERM to flushOnExit.`
  );
}

/**
 * The events in the client's requests in flight. The delivery stats count those requests,
 * not their events; the engine keeps the event count itself. `undefined` when a client
 * (another copy, another version) does not have it where this one looks.
 */
function inFlightEvents(client: CountedClient): number | undefined {
  const events = (client as { delivery?: { inFlight?: { events?: unknown } } }).delivery?.inFlight?.events;
  return typeof events === "number" ? events : undefined;
}
