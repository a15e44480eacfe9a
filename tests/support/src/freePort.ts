import { createServer } from "node:net";

/** A port free on 127.0.0.1 right now, for servers that cannot listen on port 0 (`next start`, `react-router-serve`). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
