import { getCookieValues, RELAY_COOKIE } from "@millimetric/core";
import { relayPathOrUndefined } from "@millimetric/core/internal";

/**
 * The relay `withMillimetric({ relay })` announced in the `mm_relay` cookie, as a host on
 * this page's own origin (`https://shop.example/_mm`; the proxy writes the path with the
 * app's basePath, `/docs/_mm`, so nothing is added here); undefined on the server (the SDK
 * starts in the browser only) and without the cookie. The path is checked, since any
 * script on the page can write that cookie: it can only ever name a path of this origin.
 *
 * @example
 * ```ts
 * relayHost() // "https://shop.example/_mm" with mm_relay=/_mm
 * ```
 */
export function relayHost(): string | undefined {
  if (typeof document === "undefined") return undefined;
  const path = relayPathOrUndefined(getCookieValues(document.cookie, RELAY_COOKIE)[0]);
  return path === undefined ? undefined : location.origin + path;
}
