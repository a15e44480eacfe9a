/**
 * The `Cache-Control` a response that sets a visitor's cookie must carry, from the one the
 * app set: shared caches (CDNs, reverse proxies) must never store it, or they would hand
 * this visitor's `aid` to everyone the cached page is served to. `public`, `s-maxage` and
 * `proxy-revalidate` (shared-cache directives) are dropped and `private` is added, so the
 * visitor's own browser still caches the page as the app asked. Only minting responses
 * (first visits, repaired cookies) pay this; a returning visitor's response is untouched,
 * so a cached page stays cached for everyone else.
 *
 * @example
 * ```ts
 * privateCacheControl("public, max-age=300") // "private, max-age=300"
 * privateCacheControl("s-maxage=60, stale-while-revalidate=30") // "private, stale-while-revalidate=30"
 * privateCacheControl(null) // "private"
 * privateCacheControl("no-store") // "no-store"
 * ```
 */
export function privateCacheControl(cacheControl: string | null | undefined): string {
  const kept: string[] = [];
  let alreadyPrivate = false;
  for (const raw of (cacheControl ?? "").split(",")) {
    const directive = raw.trim();
    const name = directive.split("=")[0]!.trim().toLowerCase();
    if (!name || name === "public" || name === "s-maxage" || name === "proxy-revalidate") continue;
    if (name === "private" || name === "no-store") alreadyPrivate = true;
    kept.push(directive);
  }
  return alreadyPrivate ? kept.join(", ") : ["private", ...kept].join(", ");
}
