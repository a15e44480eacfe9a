// Plain HTTP to the servers under test, through one bounded pool, and the readings every
// suite makes of an answer (the Set-Cookie values, the window.__aid payload).
import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";

/** One pool for every test request: 2 000 concurrent requests queue on 64 sockets. */
export const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a browser's top-level navigation sends: the signals that let the server mint an id. */
export const BROWSER = { accept: "text/html,application/xhtml+xml", "sec-fetch-site": "none", "sec-fetch-dest": "document" };

/** A request through the shared pool; a server that does not answer fails it in 30 s. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
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
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} in 30 s`)));
    req.end(options.body);
  });
}

/** The value of the `Set-Cookie` for `name`, if the response sets it. */
export function setCookieValue(res: TestResponse, name = "aid"): string | undefined {
  const line = (res.headers["set-cookie"] ?? []).find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(";")[0];
}

/** The `window.__aid` payload a page carries, if any. */
export function aidPayload(html: string): { id: string; minted: boolean; cookie?: string } | undefined {
  const json = /window\.__aid=(\{.*?\});<\/script>/.exec(html)?.[1];
  return json ? JSON.parse(json) : undefined;
}

/** A valid anonymous id of the form minted ids have. */
export const MINTED_ID = /^u_[0-9a-f]{32}$/;
