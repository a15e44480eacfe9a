import { privateCacheControl, type AidPayload } from "@millimetric/core";
import { warnOnce } from "@millimetric/core/internal";
import { isDataWithInit } from "./DataWithInit";
import { isPlainObject } from "./isPlainObject";
import { isResponse } from "./isResponse";
import { plainWithSetCookies } from "./plainWithSetCookies";
import type { ResponseShape } from "./responseShapeFor";
import { withSetCookies } from "./withSetCookies";

/**
 * The root loader's result with `millimetric: payload` merged into its data (`null` for
 * a request that is no visitor's, which has no id) and the cookies attached: plain objects (and nothing), `data()` results and JSON Responses are
 * merged; redirects and other Responses only get the header.
 */
export async function mergeAid(
  result: unknown,
  payload: AidPayload | null,
  cookies: readonly string[],
  shapeOf: (value: unknown) => ResponseShape,
): Promise<unknown> {
  if (isResponse(result)) {
    const type = result.headers.get("Content-Type") ?? "";
    if (result.status >= 200 && result.status < 300 && /\bjson\b/i.test(type) && !result.bodyUsed) {
      const text = await result.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const body = isPlainObject(parsed) ? JSON.stringify({ ...parsed, millimetric: payload }) : text;
      if (!isPlainObject(parsed)) notMerged();
      const headers = new Headers(result.headers);
      headers.delete("Content-Length");
      for (const cookie of cookies) headers.append("Set-Cookie", cookie);
      if (cookies.length) headers.set("Cache-Control", privateCacheControl(headers.get("Cache-Control")));
      return new Response(body, { status: result.status, statusText: result.statusText, headers });
    }
    return withSetCookies(result, cookies);
  }
  if (isDataWithInit(result)) {
    if (result.data == null) result.data = { millimetric: payload };
    else if (isPlainObject(result.data)) result.data = { ...result.data, millimetric: payload };
    else notMerged();
    return withSetCookies(result, cookies);
  }
  if (result == null) return plainWithSetCookies({ millimetric: payload }, cookies, shapeOf);
  if (isPlainObject(result)) return plainWithSetCookies({ ...result, millimetric: payload }, cookies, shapeOf);
  notMerged();
  return plainWithSetCookies(result, cookies, shapeOf);
}

function notMerged(): void {
  warnOnce(
    "not-merged",
    "[millimetric] millimetricLoader: the root loader's data is not an object, so `millimetric` could not be added to it. Return an object (e.g. { items }) so <MillimetricScript aid={data.millimetric} /> gets the id.",
  );
}
