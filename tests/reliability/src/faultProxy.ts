import { createServer, request, type Server } from "node:http";
import type { Socket } from "node:net";

/** What the proxy did with each request, by fault. */
export type FaultCounts = Record<"forwarded" | "http500" | "http429" | "reset" | "ackLost" | "stall" | "refused", number>;

/** A small seeded PRNG (mulberry32) so a failing run can be replayed from its seed. */
export function seeded(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of the real ingest server. Each
 * request, at random: 500, 429 with Retry-After, a connection reset before forwarding,
 * a forward whose answer is lost (stored, then reset: the client must retry and the
 * server must dedupe), a stall past the client's timeout, or a clean forward.
 * `down(ms)` closes the port for a while (connection refused).
 */
export async function startFaultProxy(target: string, rand: () => number, p = { http500: 0.08, http429: 0.03, reset: 0.05, ackLost: 0.05, stall: 0.02 }) {
  const counts: FaultCounts = { forwarded: 0, http500: 0, http429: 0, reset: 0, ackLost: 0, stall: 0, refused: 0 };
  const sockets = new Set<Socket>();
  const t = new URL(target);
  const forward = (method: string, path: string, headers: Record<string, unknown>, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const out = request({ host: t.hostname, port: t.port, method, path, headers: { ...headers, host: t.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      out.on("error", reject);
      out.end(body);
    });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    let r = rand();
    if ((r -= p.http500) < 0) {
      counts.http500++;
      res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal_error","details":{}}');
    } else if ((r -= p.http429) < 0) {
      counts.http429++;
      res.writeHead(429, { "content-type": "application/json", "retry-after": "1" }).end('{"error":"rate_limited","details":{},"retry_after_s":1}');
    } else if ((r -= p.reset) < 0) {
      counts.reset++;
      req.socket.destroy();
    } else if ((r -= p.stall) < 0) {
      counts.stall++; // never answered: the client's timeout must fire
    } else {
      const answer = await forward(req.method!, req.url!, req.headers, body);
      if ((r -= p.ackLost) < 0) {
        counts.ackLost++;
        req.socket.destroy();
        return;
      }
      counts.forwarded++;
      res.writeHead(answer.status, { "content-type": String(answer.headers["content-type"] ?? "application/json") }).end(answer.body);
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    /** Refuses connections for `ms`, as a restarting server does. */
    async down(ms: number) {
      await new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      });
      counts.refused++;
      await new Promise((r) => setTimeout(r, ms));
      await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
