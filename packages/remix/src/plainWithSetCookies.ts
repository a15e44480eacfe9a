import { privateCacheControl } from "@millimetric/core";
import { isProduction } from "@millimetric/core/internal";
import { dataWithInit } from "./DataWithInit";
import type { ResponseShape } from "./responseShapeFor";

/**
 * A plain loader value sent with `Set-Cookie`, in the shape `shapeOf` picks for it (see
 * `responseShapeFor`); the value itself when there are no cookies to send. In development
 * the shape is picked on every call, so an app whose framework cannot be told apart fails
 * on the developer's first page load, not only on a cookieless first visit.
 */
export function plainWithSetCookies(value: unknown, cookies: readonly string[], shapeOf: (value: unknown) => ResponseShape): unknown {
  if (cookies.length === 0) {
    if (!isProduction()) shapeOf(value);
    return value;
  }
  if (shapeOf(value) === "json") {
    const headers = new Headers({ "Content-Type": "application/json; charset=utf-8", "Cache-Control": privateCacheControl(null) });
    for (const cookie of cookies) headers.append("Set-Cookie", cookie);
    return new Response(JSON.stringify(value ?? null), { status: 200, headers });
  }
  return dataWithInit(value, { headers: [...cookies.map((cookie): [string, string] => ["Set-Cookie", cookie]), ["Cache-Control", privateCacheControl(null)]] });
}
