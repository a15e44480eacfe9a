import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  path: string;
  auth: string | undefined;
  events: Array<Record<string, unknown>>;
  at: number;
}

/** What the stub answers for one request; `undefined` means 202. */
export type Responder = (req: Recorded, n: number, res: ServerResponse) => "handled" | { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

/**
 * A recording ingest stand-in on 127.0.0.1 for fault scenarios the real server does not
 * produce on demand (500s, stalls, resets). `accepted` holds events from 2xx answers.
 */
export async function startStub(respond: Responder = () => undefined, port = 0) {
  const requests: Recorded[] = [];
  const accepted: Array<Record<string, unknown>> = [];
  let n = 0;
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const parsed = body ? JSON.parse(body) : {};
    const rec: Recorded = {
      path: req.url ?? "",
      auth: req.headers.authorization,
      events: req.url === "/v1/batch" ? parsed.events : [parsed],
      at: Date.now(),
    };
    requests.push(rec);
    const answer = respond(rec, n++, res);
    if (answer === "handled") return;
    const status = answer?.status ?? 202;
    if (status < 300) accepted.push(...rec.events);
    res.writeHead(status, { "content-type": "application/json", ...answer?.headers });
    res.end(JSON.stringify(answer?.body ?? { ok: true }));
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    accepted,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
