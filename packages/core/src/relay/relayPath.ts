import { RELAY_PATH_PATTERN } from "./relayLimits";

/**
 * Whether `pathname` is under the relay mounted at `path` (`/_mm` itself or `/_mm/…`):
 * the adapters' one cheap test before handing a request to {@link relayRequest}.
 *
 * @example
 * ```ts
 * isRelayPath("/_mm/v1/batch", "/_mm") // true
 * isRelayPath("/_mmx", "/_mm") // false
 * ```
 */
export function isRelayPath(pathname: string, path: string): boolean {
  return pathname.startsWith(path) && (pathname.length === path.length || pathname.charCodeAt(path.length) === 47 /* / */);
}

/**
 * A relay path from the options or the `mm_relay` cookie, or undefined when it is not a
 * plain absolute path (`/` then letters, digits, `_-.~/`): a cookie any script can write
 * must never turn `location.origin + path` into another host (`@evil.example`).
 *
 * @example
 * ```ts
 * relayPathOrUndefined("/_mm") // "/_mm"
 * relayPathOrUndefined("@evil.example") // undefined
 * ```
 */
export function relayPathOrUndefined(value: string | null | undefined): string | undefined {
  return typeof value === "string" && RELAY_PATH_PATTERN.test(value) && !value.startsWith("//") ? value.replace(/\/+$/, "") || undefined : undefined;
}
