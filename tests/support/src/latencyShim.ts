// A round trip as long as a hosted ingest's, in front of the real ingest on loopback: each
// request is read, held `ms`, then forwarded and its answer passed back. On loopback the
// ingest answers in a millisecond, so an app's last events are usually stored before any
// SIGTERM can matter; across a network they are still on their way, which is what a
// shutdown test has to face.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A shim on 127.0.0.1 forwarding to `target` after `ms`; `url` is what the app uses as its host. */
export async function startLatencyShim(target: string, ms: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    await new Promise((resolve) => setTimeout(resolve, ms));
    try {
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type", "user-agent"]) {
        const value = req.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const out: Record<string, string> = {};
      for (const name of ["content-type", "retry-after"]) {
        const value = answer.headers.get(name);
        if (value) out[name] = value;
      }
      res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
