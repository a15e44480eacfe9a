import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** An event as the stub received it. */
export type Received = Record<string, unknown> & { event: string; anonymous_id?: string; user_id?: string };

/**
 * A recording stand-in for the ingest API on 127.0.0.1: answers 202 to /v1/track,
 * /v1/batch and /v1/identify and keeps every event it accepted, in arrival order.
 */
export async function startStubIngest() {
  const events: Received[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const parsed = body ? JSON.parse(body) : {};
    events.push(...(req.url === "/v1/batch" ? parsed.events : [parsed]));
    res.writeHead(202, { "content-type": "application/json" });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    events,
    /** Resolves once `n` events arrived (rejects after `ms`). */
    async waitFor(n: number, ms = 10_000): Promise<Received[]> {
      const end = Date.now() + ms;
      while (events.length < n) {
        if (Date.now() > end) throw new Error(`stub ingest: ${events.length}/${n} events after ${ms} ms`);
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
