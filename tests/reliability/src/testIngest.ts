import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startIngest, type IngestOptions } from "@millimetric/ingest";

/** The real ingest server on a loopback port with its own database, and a reader for it. */
export async function testIngest(options: IngestOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "mm-rel-"));
  const dbPath = join(dir, "db.sqlite");
  // Limits off unless the test passes `rateLimits` (`undefined` means the published ones).
  const ingest = await startIngest({ port: 0, dbPath, rateLimits: false, ...options });
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  return {
    ...ingest,
    /** Rows and distinct event_ids whose event_id starts with `prefix`. */
    count(prefix: string): { rows: number; distinct: number } {
      const { rows, uniq } = db.prepare("SELECT COUNT(*) AS rows, COUNT(DISTINCT event_id) AS uniq FROM events WHERE event_id LIKE ?").get(`${prefix}%`) as {
        rows: number;
        uniq: number;
      };
      return { rows, distinct: uniq };
    },
    /** Runs a read-only query on the ingest database. */
    sql<T>(query: string, ...params: unknown[]): T[] {
      return db.prepare(query).all(...params) as T[];
    },
    /** event_ids starting with `prefix`, as a Set. */
    ids(prefix: string): Set<string> {
      return new Set((db.prepare("SELECT event_id FROM events WHERE event_id LIKE ?").all(`${prefix}%`) as { event_id: string }[]).map((r) => r.event_id));
    },
    async close() {
      db.close();
      await ingest.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
