import type { ServerResponse } from "node:http";

/**
 * Writes `body` as JSON with `status`. Answers are never cached: they are about one
 * request.
 *
 * @example
 * ```ts
 * sendJson(res, 202, { ok: true, count: 3 });
 * ```
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(text);
}
