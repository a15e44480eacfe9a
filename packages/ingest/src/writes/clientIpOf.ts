import type { IncomingMessage } from "node:http";

/**
 * The visitor's IP for a browser event. The trust rule: a request whose connecting peer
 * is this machine (a loopback address — the app's first-party relay, or a reverse proxy,
 * running beside the ingest) is believed about the client, so its last
 * `X-Forwarded-For` entry — the one that peer appended — is the visitor's. From any other
 * peer the header is ignored (anyone can send it) and the socket's address is the
 * visitor's. The last entry, not the first: the relay appends the address it trusts
 * (Express's trust-proxy-aware `req.ip`), while the first one is whatever the browser sent.
 *
 * @example
 * ```ts
 * clientIpOf(req) // "203.0.113.9" (a relay on 127.0.0.1 sent X-Forwarded-For: 203.0.113.9)
 * ```
 */
export function clientIpOf(req: IncomingMessage): string | null {
  const peer = unmapped(req.socket.remoteAddress);
  if (peer === null || !isLoopback(peer)) return peer;
  const header = req.headers["x-forwarded-for"];
  const chain = Array.isArray(header) ? header.join(",") : header;
  const last = chain?.split(",").pop()?.trim();
  // An entry that is not an address (a typo, an attack) is not stored.
  return last && /^[0-9A-Fa-f.:]{2,45}$/.test(last) ? unmapped(last) : peer;
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) as `127.0.0.1`. */
function unmapped(address: string | undefined): string | null {
  if (!address) return null;
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

function isLoopback(address: string): boolean {
  return address === "::1" || address.startsWith("127.");
}
