import type { IncomingMessage } from "node:http";
import { clientIpOf } from "./clientIpOf";
import type { Authenticated } from "../auth/createAuthenticator";
import { parseUserAgent, type UserAgentFacts } from "./parseUserAgent";
import type { ArrivalContext } from "./toStoredEvent";

const NO_AGENT: UserAgentFacts = { browser: null, os: null, device_type: null };

/**
 * What the server stamps on every event of a write request, read once at arrival:
 * the source (the key kind says browser or server), the clock and, for a browser, the
 * device facts from its User-Agent and the visitor's IP.
 *
 * @example
 * ```ts
 * const arrival = arrivalContextFor(req, key);
 * store.insert([toStoredEvent(checkTrackBody(body, arrival.now), arrival)]);
 * ```
 */
export function arrivalContextFor(req: IncomingMessage, key: Authenticated): ArrivalContext {
  const now = Date.now();
  return {
    source: key.kind === "pk" ? "browser" : "server",
    now,
    receivedAt: new Date(now).toISOString(),
    // A server's User-Agent says "node", not who the visitor is.
    agent: key.kind === "pk" ? parseUserAgent(req.headers["user-agent"]) : NO_AGENT,
    // Likewise a server's address is not the visitor's.
    ip: key.kind === "pk" ? clientIpOf(req) : null,
  };
}
