import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One event the stub received, with the request it came in. */
export interface Received {
  path: string;
  auth: string | undefined;
  event: Record<string, any>;
}

/**
 * A recording stand-in for the ingest API on 127.0.0.1: records the events of
 * `POST /v1/track` and `POST /v1/batch` and answers 202; answers CORS preflights so a
 * real browser can send its `pk_` batches too.
 */
export async function startStubIngest() {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
    res.setHeader("access-control-allow-headers", "authorization, content-type");
    res.setHeader("access-control-allow-methods", "POST");
    if (req.method === "OPTIONS") return res.writeHead(204).end();
    const path = (req.url ?? "").split("?")[0]!;
    if (req.method !== "POST" || (path !== "/v1/track" && path !== "/v1/batch")) {
      return res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
    }
    const parsed = JSON.parse(body);
    const events: Array<Record<string, unknown>> = path === "/v1/batch" ? parsed.events : [parsed];
    for (const event of events) received.push({ path, auth: req.headers.authorization, event });
    res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, count: events.length }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    /** Resolves with the first event matching `test`, waiting up to `ms`. */
    async waitFor(test: (r: Received) => boolean, ms = 15_000): Promise<Received> {
      const until = Date.now() + ms;
      for (;;) {
        const hit = received.find(test);
        if (hit) return hit;
        if (Date.now() > until) throw new Error(`no matching event after ${ms} ms; got ${JSON.stringify(received.map((r) => r.event.event))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
