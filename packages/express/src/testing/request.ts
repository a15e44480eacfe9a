import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";

/** One bounded pool for every test request: 2 000 concurrent requests queue on 64 sockets. */
export const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP request to a test server through the shared agent. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string | string[]>; body?: string } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    // A hung handler fails its test quickly instead of at the suite timeout.
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${url} in 15 s`)));
    req.end(options.body);
  });
}

/** The `aid` value of the first `Set-Cookie` header for `name`, if any. */
export function setCookieValue(res: TestResponse, name = "aid"): string | undefined {
  const line = (res.headers["set-cookie"] ?? []).find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(";")[0];
}
