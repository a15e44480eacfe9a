/**
 * Adds each `Set-Cookie` value to `response`, keeping every header already there and
 * never adding one it already carries. A response with immutable headers
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
    for (const cookie of missing) response.headers.append("set-cookie", cookie);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const cookie of missing) copy.headers.append("set-cookie", cookie);
    return copy as T;
  }
}

function isResponse(value: unknown): value is Response {
  return typeof value === "object" && value !== null && typeof (value as Response).headers?.append === "function";
}
