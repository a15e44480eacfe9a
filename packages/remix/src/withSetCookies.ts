import { privateCacheControl } from "@millimetric/core";
import { appendSetCookies } from "@millimetric/fetch";
import { isDataWithInit, type DataWithInit } from "./DataWithInit";
import { isResponse } from "./isResponse";

/**
 * Adds the `Set-Cookie` values to whatever a loader, action or handler produced — a
 * Response (also a redirect, whose headers may be immutable) or a `data()` result —
 * keeping every header already there and never adding the same cookie twice. Anything
 * else is returned unchanged.
 */
export function withSetCookies<T>(value: T, cookies: readonly string[]): T {
  if (cookies.length === 0) return value;
  if (isResponse(value)) return appendSetCookies(value, cookies);
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers);
    const present = headers.getSetCookie();
    for (const cookie of cookies) if (!present.includes(cookie)) headers.append("Set-Cookie", cookie);
    // No shared cache may store a visitor's cookie (contract row 18); where the loader's
    // headers become the response's (a resource route, a data request) this holds.
    headers.set("Cache-Control", privateCacheControl(headers.get("Cache-Control")));
    (value as DataWithInit<unknown>).init = { ...value.init, headers };
    return value;
  }
  return value;
}
