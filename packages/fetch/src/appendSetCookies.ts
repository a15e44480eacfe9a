import { privateCacheControl } from "@millimetric/core";

/**
 * Adds each `Set-Cookie` value to `response`, keeping every header already there and
 * never adding one it already carries, and makes its `Cache-Control` private (core's
 * `privateCacheControl`: no shared cache stores a visitor's cookie). A response with immutable headers
 * (`Response.redirect()`, a `fetch()` response passed through) is copied with them
 * added. Anything that is not a Response (Bun's `undefined` after a WebSocket upgrade) is
 * returned unchanged.
 *
 * @example
 * ```ts
 * return appendSetCookies(await handler(request), entered.setCookies);
 * ```
 */
export function appendSetCookies<T>(response: T, cookies: readonly string[]): T {
  if (cookies.length === 0 || !isResponse(response)) return response;
  const present = response.headers.getSetCookie?.() ?? [];
  const missing = cookies.filter((c) => !present.includes(c));
  if (missing.length === 0) return response;
  try {
    addCookies(response.headers, missing);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    addCookies(copy.headers, missing);
    return copy as T;
  }
}

function addCookies(headers: Headers, cookies: readonly string[]): void {
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  // A response that sets the visitor's cookie is never one for shared caches (contract row 18).
  headers.set("cache-control", privateCacheControl(headers.get("cache-control")));
}

function isResponse(value: unknown): value is Response {
  return typeof value === "object" && value !== null && typeof (value as Response).headers?.append === "function";
}
