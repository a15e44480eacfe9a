// The real ingest server (@millimetric/ingest) on 127.0.0.1, port 0, with a fresh SQLite
// database in a temp folder and its own generated keys; events are read back through its
// query API, as a user of the hosted service would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startIngest, type IngestOptions, type IngestServer, type QueriedEvent } from "@millimetric/ingest";

export type { QueriedEvent };

/** A running ingest server and its read side. */
export interface RealIngest {
  server: IngestServer;
  url: string;
  /** `GET /v1/query` with the read key (newest first). */
  query(params: Record<string, string>): Promise<QueriedEvent[]>;
  /**
   * Polls `/v1/query` until `until` holds: the browser SDK sends every 2 s, server events
   * leave after the response. Bounded; the error lists what did arrive.
   */
  waitFor(params: Record<string, string>, until: (events: QueriedEvent[]) => boolean, ms?: number): Promise<QueriedEvent[]>;
  close(): Promise<void>;
}

/** Starts it; `options` override the defaults here (no rate limits, the default allowed origins). */
export async function startRealIngest(options: Pick<IngestOptions, "allowedOrigins" | "rateLimits"> = {}): Promise<RealIngest> {
  const dir = mkdtempSync(join(tmpdir(), "mm-ingest-"));
  // env: {} so the shell's MILLIMETRIC_* variables cannot choose the keys.
  const server = await startIngest({ port: 0, host: "127.0.0.1", rateLimits: false, dbPath: join(dir, "ingest.sqlite"), env: {}, ...options });
  const query = async (params: Record<string, string>) => {
    const res = await fetch(`${server.url}/v1/query?${new URLSearchParams({ limit: "1000", ...params })}`, {
      headers: { authorization: `Bearer ${server.keys.read}` },
    });
    if (!res.ok) throw new Error(`query ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { events: QueriedEvent[] }).events;
  };
  return {
    server,
    url: server.url,
    query,
    async waitFor(params, until, ms = 20_000) {
      const end = Date.now() + ms;
      for (;;) {
        const events = await query(params);
        if (until(events)) return events;
        if (Date.now() > end) {
          const got = events.map((e) => [e.event, e.source, e.path, e.anonymous_id]);
          throw new Error(`waited ${ms} ms for ${JSON.stringify(params)}; got ${JSON.stringify(got)}`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
