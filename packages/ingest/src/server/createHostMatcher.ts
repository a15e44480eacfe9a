import { MillimetricTypeError } from "@millimetric/core";

// A Host header: a DNS name or an IPv4 address, or a bracketed IPv6 address; then an
// optional port. Anything else (userinfo, a path, spaces) is not a Host we answer.
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/i;
const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * The Host rule that keeps DNS rebinding out: a page on attacker.example whose DNS
 * answer turns into 127.0.0.1 reaches this server with `Host: attacker.example`, so
 * only requests addressed to a loopback name or address (`localhost`, `*.localhost`,
 * `127.0.0.0/8`, `[::1]`, any port) or to an `allowedHosts` entry are answered. An
 * entry without a port matches any port; `"*"` answers every Host. A request without
 * a Host header (HTTP/1.0) is refused.
 *
 * @param where names the setting in the error thrown for a malformed entry.
 * @throws MillimetricTypeError `invalid_config` (a `TypeError`) for an entry that is not a host name with an optional port, or `"*"`
 * @example
 * ```ts
 * const allowed = createHostMatcher(["devbox.lan"]);
 * allowed("localhost:8787") // true
 * allowed("devbox.lan:8787") // true
 * allowed("attacker.example:8787") // false
 * ```
 */
export function createHostMatcher(
  allowedHosts: readonly string[],
  where = "allowedHosts",
): (host: string | undefined) => boolean {
  const entries = allowedHosts
    .filter((entry) => entry !== "*")
    .map((entry) => {
      const m = HOST.exec(entry);
      if (!m || (m[2] !== undefined && Number(m[2]) > 65535)) {
        throw new MillimetricTypeError(
          "invalid_config",
          `[millimetric] ${where}: ${JSON.stringify(entry)} is not a host name; write the name the browser's address bar shows, ` +
            'with an optional port and no scheme or path ("devbox.lan", "devbox.lan:8787", "[fd00::5]"), or "*" to answer every Host',
        );
      }
      return { name: m[1]!.toLowerCase(), port: m[2] };
    });
  if (allowedHosts.includes("*")) return () => true;
  return (host) => {
    const m = host === undefined ? null : HOST.exec(host);
    if (!m) return false;
    const name = m[1]!.toLowerCase();
    if (isLoopback(name)) return true;
    return entries.some((e) => e.name === name && (e.port === undefined || e.port === (m[2] ?? "80")));
  };
}

function isLoopback(name: string): boolean {
  if (name === "localhost" || name.endsWith(".localhost") || name === "[::1]") return true;
  const v4 = IPV4_LOOPBACK.exec(name);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}
