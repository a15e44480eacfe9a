import { dataWithInit } from "./DataWithInit";

/**
 * A plain loader value sent with `Set-Cookie`, in the requested response shape; the
 * value itself when there is no cookie to send.
 */
export function plainWithSetCookie(value: unknown, cookie: string | undefined, response: "data" | "json"): unknown {
  if (!cookie) return value;
  if (response === "json") {
    const headers = new Headers({ "Content-Type": "application/json; charset=utf-8" });
    headers.append("Set-Cookie", cookie);
    return new Response(JSON.stringify(value ?? null), { status: 200, headers });
  }
  return dataWithInit(value, { headers: [["Set-Cookie", cookie]] });
}
