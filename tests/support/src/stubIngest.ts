import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An event as the stub received it. */
export type Received = Record<string, unknown> & { event: string; anonymous_id?: string; user_id?: string; event_id?: string };

/** One request as the stub received it. */
export interface Recorded {
  path: string;
  auth: string | undefined;
  events: Received[];
  at: number;
}

/**
 * What the stub answers to one request: `undefined` is 202; `"handled"` means the
 * responder wrote (or deliberately never writes) the response itself.
 */
export type Responder = (
  req: Recorded,
  n: number,
  res: ServerResponse,
) => "handled" | { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

/**
 * A recording stand-in for the ingest API on 127.0.0.1, for the fault scenarios the real
 * server does not produce on demand (500s, stalls, resets). `events` holds what 2xx
 * answers accepted, in arrival order; `requests` every request.
 */
export async function startStubIngest(respond: Responder = () => undefined, port = 0) {
  const requests: Recorded[] = [];
  const events: Received[] = [];
  let n = 0;
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const parsed = body ? JSON.parse(body) : {};
    const rec: Recorded = { path: req.url ?? "", auth: req.headers.authorization, events: req.url === "/v1/batch" ? parsed.events : [parsed], at: Date.now() };
    requests.push(rec);
    const answer = respond(rec, n++, res);
    if (answer === "handled") return;
    const status = answer?.status ?? 202;
    if (status < 300) events.push(...rec.events);
    res.writeHead(status, { "content-type": "application/json", ...answer?.headers });
    res.end(JSON.stringify(answer?.body ?? { ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    events,
    /** Resolves once `count` events were accepted (rejects after `ms`). */
    async waitFor(count: number, ms = 10_000): Promise<Received[]> {
      const end = Date.now() + ms;
      while (events.length < count) {
        if (Date.now() > end) throw new Error(`stub ingest: ${events.length}/${count} events after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
