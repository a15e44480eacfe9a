import { isDataWithInit, type DataWithInit } from "./DataWithInit";
import { isResponse } from "./isResponse";

/**
 * Adds `Set-Cookie: cookie` to whatever a loader, action or handler produced — a
 * Response (also a redirect, whose headers may be immutable) or a `data()` result —
 * keeping every header already there and never adding the same cookie twice. Anything
 * else is returned unchanged.
 */
export function withSetCookie<T>(value: T, cookie: string): T {
  if (isResponse(value)) {
    if (value.headers.getSetCookie?.().includes(cookie)) return value;
    try {
      value.headers.append("Set-Cookie", cookie);
      return value;
    } catch {
      // Response.redirect() and fetch() responses have immutable headers.
      const headers = new Headers(value.headers);
      headers.append("Set-Cookie", cookie);
      return new Response(value.body, { status: value.status, statusText: value.statusText, headers }) as T;
    }
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers);
    if (!headers.getSetCookie().includes(cookie)) headers.append("Set-Cookie", cookie);
    (value as DataWithInit<unknown>).init = { ...value.init, headers };
    return value;
  }
  return value;
}
