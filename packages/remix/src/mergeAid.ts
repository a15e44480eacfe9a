import { warnOnce, type AidPayload } from "@millimetric/core";
import { isDataWithInit } from "./DataWithInit";
import { isPlainObject } from "./isPlainObject";
import { isResponse } from "./isResponse";
import { plainWithSetCookie } from "./plainWithSetCookie";
import type { ResponseShape } from "./responseShapeFor";
import { withSetCookie } from "./withSetCookie";

/**
 * The root loader's result with `millimetric: payload` merged into its data and the
 * cookie attached: plain objects (and nothing), `data()` results and JSON Responses are
 * merged; redirects and other Responses only get the header.
 */
export async function mergeAid(
  result: unknown,
  payload: AidPayload,
  cookie: string | undefined,
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
      if (cookie) headers.append("Set-Cookie", cookie);
      return new Response(body, { status: result.status, statusText: result.statusText, headers });
    }
    return cookie ? withSetCookie(result, cookie) : result;
  }
  if (isDataWithInit(result)) {
    if (result.data == null) result.data = { millimetric: payload };
    else if (isPlainObject(result.data)) result.data = { ...result.data, millimetric: payload };
    else notMerged();
    return cookie ? withSetCookie(result, cookie) : result;
  }
  if (result == null) return plainWithSetCookie({ millimetric: payload }, cookie, shapeOf);
  if (isPlainObject(result)) return plainWithSetCookie({ ...result, millimetric: payload }, cookie, shapeOf);
  notMerged();
  return plainWithSetCookie(result, cookie, shapeOf);
}

function notMerged(): void {
  warnOnce(
    "not-merged",
    "[millimetric] millimetricLoader: the root loader's data is not an object, so `millimetric` could not be added to it. Return an object (e.g. { items }) so <MillimetricScript aid={data.millimetric} /> gets the id.",
  );
}
