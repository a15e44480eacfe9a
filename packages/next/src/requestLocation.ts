/**
 * The `url` and `path` of a server event from the URL the proxy forwarded, within the
 * protocol's limits (`url` must parse and be at most 2048 characters, `path` at most
 * 2048): an over-long URL keeps only a shortened path, so filling them can never make an
 * event invalid. `undefined` when there is no usable URL.
 *
 * @example
 * ```ts
 * requestLocation("https://shop.example/checkout?step=2") // { url: "https://shop.example/checkout?step=2", path: "/checkout" }
 * ```
 */
export function requestLocation(href: string | null | undefined): { url?: string; path: string } | undefined {
  if (!href) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(href);
  } catch {
    return undefined;
  }
  const path = parsed.pathname.slice(0, 2048);
  return href.length <= 2048 ? { url: href, path } : { path };
}
