import Database from "better-sqlite3";
import { findLikelySplit, SPLIT_WINDOW_MS, type LikelySplit, type SplitCandidateEvent } from "../writes/findLikelySplit";

/** One row of the `events` table. */
export interface StoredEvent {
  event: string;
  event_id: string | null;
  /** ISO-8601 in UTC (the client's value, normalised; the arrival time when absent). */
  timestamp: string;
  ts_ms: number;
  anonymous_id: string | null;
  user_id: string | null;
  session_id: string | null;
  url: string | null;
  path: string | null;
  referrer: string | null;
  /** JSON text. */
  properties: string | null;
  /** Which key kind wrote the row: `pk_` → browser, `sk_` → server. */
  source: "browser" | "server";
  received_at: string;
  /** 1 when the event arrived without an `anonymous_id` (a stitching failure). */
  aid_missing: 0 | 1;
  browser: string | null;
  os: string | null;
  device_type: string | null;
  /**
   * The visitor's IP, browser events only (null for server events and rows stored before
   * 0.2): the connecting address, or the last `X-Forwarded-For` entry when a relay on this
   * machine connected (the rule is `clientIpOf`'s).
   */
  ip: string | null;
}

/** A stored row as `GET /v1/query` answers it: the wire fields plus `source`, `received_at` and `ip`. */
export type QueriedEvent = Pick<
  StoredEvent,
  "event" | "event_id" | "timestamp" | "anonymous_id" | "user_id" | "session_id" | "url" | "path" | "referrer" | "source" | "received_at" | "ip"
> & { properties: Record<string, unknown> | null };

/** Filters of `GET /v1/query`, already validated. */
export interface EventFilters {
  fromMs?: number;
  toMs?: number;
  event?: string;
  user_id?: string;
  anonymous_id?: string;
  limit: number;
}

/** One visitor (an anonymous_id) on the events page, with its stitched timeline. */
export interface VisitorTimeline {
  anonymous_id: string;
  /** User ids linked to this anonymous_id by `$identify` or by an event carrying both ids. */
  user_ids: string[];
  /** Oldest first; the newest `eventsPerVisitor` only. */
  events: StoredEvent[];
  /** All events of the timeline, shown or not. */
  total: number;
  last_ms: number;
  /** Browser events carrying this anonymous_id, all of them (shown or not). */
  browser_events: number;
  /** Server events carrying this anonymous_id, all of them (rows joined only by user_id not counted). */
  server_events: number;
  /** Set when this is a server-only visitor that looks like the server half of a browser-only one. */
  likely_split: LikelySplit | null;
}

/** How well server events join browser visitors by anonymous_id, over the whole database. */
export interface StitchingHealth {
  /** Server events that arrived with an anonymous_id. */
  serverEvents: number;
  /** Of those, the ones whose anonymous_id also has browser events. */
  stitchedServerEvents: number;
  /** Visitors (anonymous_ids) with server events and no browser event. */
  serverOnlyVisitors: number;
  /** Visitors with browser events and no server event. */
  browserOnlyVisitors: number;
}

/** What the events page shows. */
export interface EventsPageData {
  totals: { events: number; visitors: number; aidMissing: number };
  stitching: StitchingHealth;
  visitors: VisitorTimeline[];
  /** Events without an anonymous_id whose user_id links to no visitor: unstitchable. Newest first. */
  unstitched: StoredEvent[];
}

/** How many of a server-only visitor's newest server events the split rule looks around. */
const SPLIT_PROBES = 10;
/** Rows of the time index a split probe reads on each side of a server event, at most. */
const SPLIT_SCAN = 200;

const COLUMNS = [
  "event", "event_id", "timestamp", "ts_ms", "anonymous_id", "user_id", "session_id", "url", "path",
  "referrer", "properties", "source", "received_at", "aid_missing", "browser", "os", "device_type", "ip",
] as const satisfies readonly (keyof StoredEvent)[];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  event TEXT NOT NULL,
  event_id TEXT,
  timestamp TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  anonymous_id TEXT,
  user_id TEXT,
  session_id TEXT,
  url TEXT,
  path TEXT,
  referrer TEXT,
  properties TEXT,
  source TEXT NOT NULL CHECK (source IN ('browser', 'server')),
  received_at TEXT NOT NULL,
  aid_missing INTEGER NOT NULL DEFAULT 0,
  browser TEXT,
  os TEXT,
  device_type TEXT,
  ip TEXT
);
-- De-duplication is per source, so a pk_ event (anyone can send one) cannot claim a
-- server event's id and make it vanish. 0.1.0's index was on event_id alone.
-- NULLs are distinct in a UNIQUE index: events without event_id are all kept.
DROP INDEX IF EXISTS events_event_id;
CREATE UNIQUE INDEX IF NOT EXISTS events_source_event_id ON events (source, event_id);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts_ms);
-- A visitor's rows by source and time. 0.1.0's events_anonymous_id lacked source; with
-- it the events page's stitching health is an index-only scan, and one index instead of
-- two keeps ingest as fast as before.
DROP INDEX IF EXISTS events_anonymous_id;
CREATE INDEX IF NOT EXISTS events_visitor ON events (anonymous_id, aid_missing, source, ts_ms);
-- A user's rows, those that arrived without an anonymous_id apart and newest last. 0.1.0's
-- events_user_id lacked aid_missing: "does any browser row link this user?" walked every
-- row of the user, once per row of the events page's unstitched list (quadratic).
DROP INDEX IF EXISTS events_user_id;
CREATE INDEX IF NOT EXISTS events_user ON events (user_id, aid_missing, ts_ms);
-- Rows that arrived without an anonymous_id, newest last, with what the events page's
-- unstitched list needs to skip a linked one without reading the row. 0.1.0's
-- events_aid_missing had ts_ms alone.
DROP INDEX IF EXISTS events_aid_missing;
CREATE INDEX IF NOT EXISTS events_unjoined ON events (ts_ms, seq, user_id) WHERE aid_missing = 1;
CREATE TABLE IF NOT EXISTS api_keys (kind TEXT PRIMARY KEY, key TEXT NOT NULL);
`;

/**
 * The SQLite side of the ingest server: WAL mode, prepared statements, one
 * transaction per request, `INSERT OR IGNORE` on a unique `(source, event_id)` index
 * so a retried or redelivered event is stored once per source: a browser event never
 * hides a server event that has the same id (both are kept). `":memory:"` is an
 * in-memory database.
 *
 * @example
 * ```ts
 * const store = new EventStore(".millimetric/ingest.sqlite");
 * store.insert([row]);
 * store.query({ limit: 10 });
 * store.close();
 * ```
 */
export class EventStore {
  private readonly db: Database.Database;
  private readonly insertOne: Database.Statement;
  private readonly insertAll: (rows: readonly StoredEvent[]) => void;
  private readonly deleteUser: Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly path: string) {
    this.db = new Database(path);
    try {
      this.db.pragma("journal_mode = WAL");
      // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
      this.db.pragma("synchronous = NORMAL");
      // Another process (a second server, a sqlite3 shell) may hold the write lock briefly.
      this.db.pragma("busy_timeout = 5000");
      this.db.pragma("cache_size = -65536");
      this.db.pragma("temp_store = MEMORY");
      this.db.exec(SCHEMA);
      addMissingColumns(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.insertOne = this.db.prepare(
      // Named parameters: a row binds by column name, so the two lists cannot drift apart.
      `INSERT OR IGNORE INTO events (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => "@" + c).join(", ")})`,
    );
    this.insertAll = this.db.transaction((rows: readonly StoredEvent[]) => {
      for (const r of rows) this.insertOne.run(r);
    });
    this.deleteUser = this.db.prepare("DELETE FROM events WHERE user_id = ?");
  }

  /** Whether the database is still open (false after {@link close}). */
  get open(): boolean {
    return this.db.open;
  }

  /** Writes `rows` in one transaction: all of them or, on any error, none. An event_id already stored from the same source is skipped. */
  insert(rows: readonly StoredEvent[]): void {
    this.insertAll(rows);
  }

  /** Deletes every row carrying `userId`; returns how many. */
  forget(userId: string): number {
    return this.deleteUser.run(userId).changes;
  }

  /** Rows matching `filters`, newest first. */
  query(filters: EventFilters): QueriedEvent[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filters.fromMs !== undefined) where.push("ts_ms >= ?"), params.push(filters.fromMs);
    if (filters.toMs !== undefined) where.push("ts_ms < ?"), params.push(filters.toMs);
    for (const field of ["event", "user_id", "anonymous_id"] as const) {
      const value = filters[field];
      if (value !== undefined) where.push(`${field} = ?`), params.push(value);
    }
    const sql =
      "SELECT event, event_id, timestamp, anonymous_id, user_id, session_id, url, path, referrer, properties, source, received_at, ip FROM events" +
      (where.length ? ` WHERE ${where.join(" AND ")}` : "") +
      " ORDER BY ts_ms DESC, seq DESC LIMIT ?";
    const rows = this.statement(sql).all(...params, filters.limit) as (Omit<QueriedEvent, "properties"> & { properties: string | null })[];
    return rows.map((r) => ({ ...r, properties: r.properties === null ? null : JSON.parse(r.properties) }));
  }

  /**
   * The events page: the `visitorLimit` most recently active visitors, each with its
   * newest `eventsPerVisitor` events, plus the events nobody can stitch.
   */
  loadEventsPage(visitorLimit = 30, eventsPerVisitor = 100): EventsPageData {
    // One pass over the visitor index gives the most recently active visitors and, as
    // window aggregates over every visitor, the visitor count and the stitching health.
    const recent = this.statement(
      `WITH v AS (SELECT anonymous_id, SUM(source = 'browser') AS b, SUM(source = 'server') AS s, MAX(ts_ms) AS last_ms
                  FROM events WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id)
       SELECT anonymous_id, last_ms, b, s, COUNT(*) OVER () AS visitors, SUM(s) OVER () AS serverEvents,
         SUM(CASE WHEN b > 0 THEN s ELSE 0 END) OVER () AS stitchedServerEvents,
         SUM(b = 0) OVER () AS serverOnlyVisitors, SUM(s = 0) OVER () AS browserOnlyVisitors
       FROM v ORDER BY last_ms DESC LIMIT ?`,
    ).all(visitorLimit) as ({ anonymous_id: string; last_ms: number; b: number; s: number; visitors: number } & StitchingHealth)[];
    const first = recent[0];
    const stitching: StitchingHealth = {
      serverEvents: first?.serverEvents ?? 0,
      stitchedServerEvents: first?.stitchedServerEvents ?? 0,
      serverOnlyVisitors: first?.serverOnlyVisitors ?? 0,
      browserOnlyVisitors: first?.browserOnlyVisitors ?? 0,
    };
    const totals: EventsPageData["totals"] = {
      events: (this.statement("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n,
      visitors: first?.visitors ?? 0,
      aidMissing: (this.statement("SELECT COUNT(*) AS n FROM events WHERE aid_missing = 1").get() as { n: number }).n,
    };
    // A visitor's timeline is its own rows plus the rows that arrived with only a user_id
    // linked to it. Stitching is this join at read time; rows are never rewritten.
    const linkedUsers = this.linkedUsers(recent.map((r) => r.anonymous_id));
    const users = new Set<string>();
    for (const ids of linkedUsers.values()) for (const id of ids) users.add(id);
    const joined = this.joinedRows([...users], eventsPerVisitor);
    // Own rows: each source's newest through the visitor index, which is in time order
    // within (anonymous_id, aid_missing, source), so neither part reads past the limit.
    const ownNewest = this.statement(
      `SELECT * FROM (SELECT * FROM events WHERE anonymous_id = @aid AND aid_missing = 0 AND source = 'browser' ORDER BY ts_ms DESC, seq DESC LIMIT @limit)
       UNION ALL
       SELECT * FROM (SELECT * FROM events WHERE anonymous_id = @aid AND aid_missing = 0 AND source = 'server' ORDER BY ts_ms DESC, seq DESC LIMIT @limit)`,
    );
    const parts = recent.map(({ anonymous_id }) => {
      const ids = linkedUsers.get(anonymous_id) ?? [];
      const candidates: RowRef[] = [];
      let joinedTotal = 0;
      for (const u of ids) {
        const user = joined.get(u);
        if (!user) continue;
        joinedTotal += user.n;
        for (const r of user.newest) candidates.push(r);
      }
      return {
        ids,
        joinedTotal,
        own: ownNewest.all({ aid: anonymous_id, limit: eventsPerVisitor }) as (StoredEvent & RowRef)[],
        joinedNewest: candidates.sort(newestFirst).slice(0, eventsPerVisitor),
      };
    });
    const rows = this.rowsBySeq(parts.flatMap((p) => p.joinedNewest.map((r) => r.seq)));
    const visitors = recent.map(({ anonymous_id, b, s }, i): VisitorTimeline => {
      const { ids, joinedTotal, own, joinedNewest } = parts[i]!;
      // Own and joined rows are disjoint (aid_missing 0 and 1): the newest of both is the
      // newest of the two newest lists.
      const events: StoredEvent[] = [...own, ...joinedNewest.map((r) => rows.get(r.seq)!)]
        .sort(newestFirst)
        .slice(0, eventsPerVisitor)
        .reverse();
      return {
        anonymous_id,
        user_ids: ids,
        events,
        total: b + s + joinedTotal,
        last_ms: events.length ? events[events.length - 1]!.ts_ms : 0,
        browser_events: b,
        server_events: s,
        likely_split: b === 0 && s > 0 ? this.likelySplit(events) : null,
      };
    });
    // A server event with only a user_id can still join through that user's
    // $identify; a visitor that is active again moves back to the top.
    visitors.sort((a, b) => b.last_ms - a.last_ms);
    // Newest first through events_unjoined, stopping at the limit; whether a user is
    // linked is one seek into events_user on (user_id, aid_missing = 0), not a walk over
    // the user's rows (which made a page of user-id-only rows quadratic).
    const unstitched = this.statement(
      `SELECT * FROM events e WHERE aid_missing = 1 AND (user_id IS NULL OR NOT EXISTS
         (SELECT 1 FROM events l WHERE l.user_id = e.user_id AND l.aid_missing = 0))
       ORDER BY ts_ms DESC, seq DESC LIMIT ?`,
    ).all(visitorLimit) as StoredEvent[];
    return { totals, stitching, visitors, unstitched };
  }

  /** The user ids each of `visitors` carries on rows of its own, in user_id order (as SQLite sorts them). */
  private linkedUsers(visitors: readonly string[]): Map<string, string[]> {
    // One row per visitor with its user ids as a JSON array: better-sqlite3 makes an
    // object per row, and for a visitor with 50 000 user ids (a kiosk, a test harness)
    // JSON.parse on one string costs a fraction of that.
    const rows = this.statement(
      `SELECT anonymous_id, json_group_array(DISTINCT user_id ORDER BY user_id) AS users FROM events
       WHERE anonymous_id IN (SELECT value FROM json_each(?)) AND aid_missing = 0 AND user_id IS NOT NULL
       GROUP BY anonymous_id`,
    ).all(JSON.stringify(visitors)) as { anonymous_id: string; users: string }[];
    return new Map(rows.map((r) => [r.anonymous_id, JSON.parse(r.users) as string[]]));
  }

  /**
   * For each of `users`, how many rows arrived with only its user_id and the newest
   * `limit` of them. Each user's rows are read once, however many visitors link the user,
   * and only through the user index: one pass counts every user's rows (and gives a
   * user's only row, the common case, with its count), the next reads the rows of the
   * users with a few, and each of the (at most rows / limit) users with more reads its
   * newest in index order, up to the limit. The old per-visitor join read every row of
   * every linked user once per visitor, and sorted them.
   */
  private joinedRows(users: readonly string[], limit: number): Map<string, { n: number; newest: RowRef[] }> {
    const joined = new Map<string, { n: number; newest: RowRef[] }>();
    // As one JSON array, for the reason linkedUsers gives. With no min() or max(), SQLite
    // takes the bare columns from a row of the group: for a user with one row, that row.
    const counts = this.statement(
      `SELECT json_group_array(json_array(user_id, n, ts_ms, seq)) FROM
         (SELECT user_id, COUNT(*) AS n, ts_ms, seq FROM events
          WHERE user_id IN (SELECT value FROM json_each(?)) AND aid_missing = 1 GROUP BY user_id)`,
    ).pluck().get(JSON.stringify(users)) as string;
    const few: string[] = [];
    const many: string[] = [];
    for (const [user, n, ts_ms, seq] of JSON.parse(counts) as [string, number, number, number][]) {
      joined.set(user, { n, newest: n === 1 ? [{ ts_ms, seq }] : [] });
      if (n > limit) many.push(user);
      else if (n > 1) few.push(user);
    }
    if (few.length) {
      for (const { user_id, ts_ms, seq } of this.statement(
        "SELECT user_id, ts_ms, seq FROM events WHERE user_id IN (SELECT value FROM json_each(?)) AND aid_missing = 1",
      ).all(JSON.stringify(few)) as ({ user_id: string } & RowRef)[]) {
        joined.get(user_id)!.newest.push({ ts_ms, seq });
      }
    }
    const newest = this.statement(
      "SELECT ts_ms, seq FROM events WHERE user_id = ? AND aid_missing = 1 ORDER BY ts_ms DESC, seq DESC LIMIT ?",
    );
    for (const user of many) joined.get(user)!.newest = newest.all(user, limit) as RowRef[];
    return joined;
  }

  /** Whole rows by `seq`, in one statement. */
  private rowsBySeq(seqs: readonly number[]): Map<number, StoredEvent & RowRef> {
    const rows = this.statement("SELECT * FROM events WHERE seq IN (SELECT value FROM json_each(?))").all(JSON.stringify(seqs)) as (StoredEvent & RowRef)[];
    return new Map(rows.map((r) => [r.seq, r]));
  }

  /**
   * The split rule ({@link findLikelySplit}) for one server-only visitor: for each of its
   * newest server events, the closest browser event of up to two browser-only visitors. Each probe walks the
   * time index outwards from the server event and reads at most {@link SPLIT_SCAN} rows
   * each way, so a burst of traffic (a load test, a backfill) cannot make the page slow;
   * within such a burst, pairing by time would mean nothing anyway.
   */
  private likelySplit(timeline: readonly StoredEvent[]): LikelySplit | null {
    const serverEvents: SplitCandidateEvent[] = timeline
      .filter((e) => e.source === "server" && e.aid_missing === 0)
      .slice(-SPLIT_PROBES);
    // INDEXED BY: left to itself the planner scans every browser row through the
    // (source, event_id) index, hundreds of milliseconds per probe on a million rows.
    const near = this.statement(
      // Per browser-only visitor nearby, its closest event (SQLite takes the bare columns
      // from the MIN row); two visitors are enough to know the pairing is ambiguous.
      `SELECT anonymous_id, event, ts_ms, path, MIN(abs(ts_ms - @at)) AS gap_ms FROM (
         SELECT * FROM (SELECT anonymous_id, event, ts_ms, path, source, aid_missing FROM events INDEXED BY events_ts
                        WHERE ts_ms >= @at AND ts_ms <= @at + @window ORDER BY ts_ms LIMIT @scan)
         UNION ALL
         SELECT * FROM (SELECT anonymous_id, event, ts_ms, path, source, aid_missing FROM events INDEXED BY events_ts
                        WHERE ts_ms < @at AND ts_ms >= @at - @window ORDER BY ts_ms DESC LIMIT @scan)
       ) b
       WHERE b.source = 'browser' AND b.aid_missing = 0 AND b.anonymous_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM events s WHERE s.anonymous_id = b.anonymous_id AND s.aid_missing = 0 AND s.source = 'server')
       GROUP BY b.anonymous_id ORDER BY MIN(abs(b.ts_ms - @at)) LIMIT 2`,
    );
    const candidates = serverEvents.flatMap((e) =>
      (near.all({ at: e.ts_ms, window: SPLIT_WINDOW_MS, scan: SPLIT_SCAN }) as (SplitCandidateEvent & { gap_ms: number })[]).map(
        ({ gap_ms: _, ...event }) => event,
      ),
    );
    return findLikelySplit(serverEvents, candidates);
  }

  /** The stored key of one kind, if any. */
  getKey(kind: string): string | undefined {
    return (this.statement("SELECT key FROM api_keys WHERE kind = ?").get(kind) as { key: string } | undefined)?.key;
  }

  /** Stores a generated key so the next start uses the same one. */
  setKey(kind: string, key: string): void {
    this.statement("INSERT OR REPLACE INTO api_keys (kind, key) VALUES (?, ?)").run(kind, key);
  }

  /** Closes the database (idempotent). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }
}

/** Where a row sits in the events page's order: newest first, by time and then arrival. */
interface RowRef {
  ts_ms: number;
  seq: number;
}

function newestFirst(a: RowRef, b: RowRef): number {
  return b.ts_ms - a.ts_ms || b.seq - a.seq;
}

/**
 * Columns added after 0.1.0, added to a database an older version created (CREATE TABLE
 * IF NOT EXISTS leaves an existing table as it is). Its old rows read NULL there.
 */
function addMissingColumns(db: Database.Database): void {
  const have = new Set((db.prepare("PRAGMA table_info(events)").all() as { name: string }[]).map((c) => c.name));
  if (!have.has("ip")) db.exec("ALTER TABLE events ADD COLUMN ip TEXT");
}
