import { isProduction } from "@millimetric/core";
import { dataWithInit } from "./DataWithInit";
import type { ResponseShape } from "./responseShapeFor";

/**
 * A plain loader value sent with `Set-Cookie`, in the shape `shapeOf` picks for it (see
 * `responseShapeFor`); the value itself when there is no cookie to send. In development
 * the shape is picked on every call, so an app whose framework cannot be told apart fails
 * on the developer's first page load, not only on a cookieless first visit.
 */
export function plainWithSetCookie(value: unknown, cookie: string | undefined, shapeOf: (value: unknown) => ResponseShape): unknown {
  if (!cookie) {
    if (!isProduction()) shapeOf(value);
    return value;
  }
  if (shapeOf(value) === "json") {
    const headers = new Headers({ "Content-Type": "application/json; charset=utf-8" });
    headers.append("Set-Cookie", cookie);
    return new Response(JSON.stringify(value ?? null), { status: 200, headers });
  }
  return dataWithInit(value, { headers: [["Set-Cookie", cookie]] });
}
