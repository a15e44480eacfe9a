// An answer's body is read up to a cap, then the stream is cancelled: a proxy's 200 MB page
// (or an endless stream) once took a client's RSS from 64 MB to 283 MB.
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { quietClient, useStubs } from "./stubs";

const stub = useStubs();
const MiB = 2 ** 20;
const OFFERED = 64 * MiB;

/** Starts an answer that goes on for 64 MiB, written as fast as the client takes it; resolves how much went out. */
function hugeAnswer(res: ServerResponse, status: number, start: string): Promise<number> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(256 * 1024, 0x20); // JSON whitespace
    res.writeHead(status, { "content-type": "application/json" });
    let sent = start.length;
    res.write(start);
    res.on("close", () => resolve(sent));
    const more = (): void => {
      while (sent < OFFERED && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", more);
      }
      if (!res.destroyed) res.end();
    };
    more();
  });
}

describe("answer bodies", () => {
  it("a 202 and a 503 of 64 MiB each are read no further than the cap (the rest is never sent)", async () => {
    const sent: Array<Promise<number>> = [];
    const s = await stub((_r, n, res) => {
      sent.push(hugeAnswer(res, n === 0 ? 503 : 202, n === 0 ? '{"error":"internal_error"' : '{"ok":true'));
      return "handled";
    });
    const c = quietClient(s.url);
    c.track({ event: "e" });
    await c.flush();
    expect(c.stats).toMatchObject({ delivered: 1, retries: 1 });
    const bytes = await Promise.all(sent);
    // The cap is 64 KiB; socket buffers on the way can hold a few MiB more, never the 64 MiB.
    for (const b of bytes) expect(b).toBeLessThan(16 * MiB);
  });
});
