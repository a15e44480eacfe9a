import { aidCookieTemplate, aidFromCookies, type AidCookieOptions, type AidPayload } from "@millimetric/core";
import { serverAid } from "./serverAid";

/**
 * What the server told this page about the visitor's id, for `init({ anonymousId })`: a
 * `window.__aid` the page rendered (a valid id, or an object with one: elements named
 * `__aid`, an `HTMLCollection` of them or a cross-origin frame do not count; see
 * `serverAid`), else the `aid` cookie with its `mm_minted` companion (core's
 * `aidFromCookies`), for pages that render no script at all:
 * static pages, the Next.js Pages Router, a cached shell. `cookie`: the server's cookie
 * options when they are not the defaults, so the id is read from, and written back to,
 * that cookie.
 *
 * @example
 * ```ts
 * import { init, pageAid } from "@millimetric/track";
 * init({ key: "pk_live_…", anonymousId: pageAid() });
 * ```
 */
export function pageAid(cookie?: Omit<AidCookieOptions, "secure">): string | AidPayload | undefined {
  if (typeof window == "undefined") return undefined;
  const injected = serverAid((window as { __aid?: unknown }).__aid);
  if (injected) return injected;
  const found = aidFromCookies(document.cookie, cookie?.name);
  // The browser writes its own id back under the server's name, domain and path.
  return found && { ...found, cookie: aidCookieTemplate(cookie) };
}
