import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A recording stand-in for the ingest API on 127.0.0.1 (tests only, not built). */
export async function startIngest() {
  const events: Array<Record<string, any>> = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-headers", "authorization, content-type");
    if (req.method === "POST" && body) {
      const parsed = JSON.parse(body);
      events.push(...(req.url?.startsWith("/v1/batch") ? parsed.events : [parsed]));
    }
    res.writeHead(req.method === "OPTIONS" ? 204 : 202, { "content-type": "application/json" });
    res.end(req.method === "OPTIONS" ? undefined : '{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Removes every cookie jsdom holds for the current page. */
export function clearCookies() {
  for (const pair of document.cookie.split(";")) {
    const name = pair.split("=")[0]!.trim();
    if (name) document.cookie = `${name}=; Path=/; Max-Age=0`;
  }
}
