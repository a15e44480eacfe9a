import { Agent, request } from "node:http";

export interface HttpResponse {
  status: number;
  /** Response headers, lower-case names; `set-cookie` is always an array. */
  headers: Record<string, string | string[] | undefined>;
  setCookies: string[];
  body: string;
}

/**
 * One request over node:http (fetch refuses several headers the rows send: Cookie,
 * Sec-Fetch-*, invalid UTF-8). A fresh connection per call unless `agent` is given, so a
 * response's `close` follows its `finish` as the framework sees it.
 */
export function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<HttpResponse> {
  const { method = "GET", headers = {}, body, agent } = init;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: agent ?? false, timeout: 120_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        const setCookies = res.headers["set-cookie"] ?? [];
        resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookies, body: text });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${url}: no answer in 120 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs `n` tasks with at most `limit` in flight. */
export async function pool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}
