// src/EventStore.ts
import Database from "better-sqlite3";

// src/findLikelySplit.ts
var SPLIT_WINDOW_MS = 6e4;
function findLikelySplit(serverEvents, browserOnlyEvents, windowMs = SPLIT_WINDOW_MS) {
  let best = null;
  for (const s of serverEvents) {
    for (const b of browserOnlyEvents) {
      if (b.anonymous_id === null || b.anonymous_id === s.anonymous_id) continue;
      const gap_ms = Math.abs(s.ts_ms - b.ts_ms);
      if (gap_ms > windowMs) continue;
      if (best !== null && best.browser_anonymous_id !== b.anonymous_id) return null;
      const same_path = s.path !== null && s.path === b.path;
      if (best === null || gap_ms < best.gap_ms || gap_ms === best.gap_ms && same_path && !best.same_path) {
        best = { browser_anonymous_id: b.anonymous_id, server_event: s, browser_event: b, gap_ms, same_path };
      }
    }
  }
  return best;
}

// src/EventStore.ts
var SPLIT_PROBES = 10;
var SPLIT_SCAN = 200;
var COLUMNS = [
  "event",
  "event_id",
  "timestamp",
  "ts_ms",
  "anonymous_id",
  "user_id",
  "session_id",
  "url",
  "path",
  "referrer",
  "properties",
  "source",
  "received_at",
  "aid_missing",
  "browser",
  "os",
  "device_type"
];
var SCHEMA = `
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
  device_type TEXT
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
CREATE INDEX IF NOT EXISTS events_user_id ON events (user_id);
CREATE INDEX IF NOT EXISTS events_aid_missing ON events (ts_ms) WHERE aid_missing = 1;
CREATE TABLE IF NOT EXISTS api_keys (kind TEXT PRIMARY KEY, key TEXT NOT NULL);
`;
var EventStore = class {
  constructor(path) {
    this.path = path;
    this.db = new Database(path);
    try {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("busy_timeout = 5000");
      this.db.pragma("cache_size = -65536");
      this.db.pragma("temp_store = MEMORY");
      this.db.exec(SCHEMA);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.insertOne = this.db.prepare(
      // Named parameters: a row binds by column name, so the two lists cannot drift apart.
      `INSERT OR IGNORE INTO events (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => "@" + c).join(", ")})`
    );
    this.insertAll = this.db.transaction((rows) => {
      for (const r of rows) this.insertOne.run(r);
    });
    this.deleteUser = this.db.prepare("DELETE FROM events WHERE user_id = ?");
  }
  db;
  insertOne;
  insertAll;
  deleteUser;
  statements = /* @__PURE__ */ new Map();
  /** Whether the database is still open (false after {@link close}). */
  get open() {
    return this.db.open;
  }
  /** Writes `rows` in one transaction: all of them or, on any error, none. An event_id already stored from the same source is skipped. */
  insert(rows) {
    this.insertAll(rows);
  }
  /** Deletes every row carrying `userId`; returns how many. */
  forget(userId) {
    return this.deleteUser.run(userId).changes;
  }
  /** Rows matching `filters`, newest first. */
  query(filters) {
    const where = [];
    const params = [];
    if (filters.fromMs !== void 0) where.push("ts_ms >= ?"), params.push(filters.fromMs);
    if (filters.toMs !== void 0) where.push("ts_ms < ?"), params.push(filters.toMs);
    for (const field of ["event", "user_id", "anonymous_id"]) {
      const value = filters[field];
      if (value !== void 0) where.push(`${field} = ?`), params.push(value);
    }
    const sql = "SELECT event, event_id, timestamp, anonymous_id, user_id, session_id, url, path, referrer, properties, source, received_at FROM events" + (where.length ? ` WHERE ${where.join(" AND ")}` : "") + " ORDER BY ts_ms DESC, seq DESC LIMIT ?";
    const rows = this.statement(sql).all(...params, filters.limit);
    return rows.map((r) => ({ ...r, properties: r.properties === null ? null : JSON.parse(r.properties) }));
  }
  /**
   * The events page: the `visitorLimit` most recently active visitors, each with its
   * newest `eventsPerVisitor` events, plus the events nobody can stitch.
   */
  loadEventsPage(visitorLimit = 30, eventsPerVisitor = 100) {
    const recent = this.statement(
      `WITH v AS (SELECT anonymous_id, SUM(source = 'browser') AS b, SUM(source = 'server') AS s, MAX(ts_ms) AS last_ms
                  FROM events WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id)
       SELECT anonymous_id, last_ms, b, s, COUNT(*) OVER () AS visitors, SUM(s) OVER () AS serverEvents,
         SUM(CASE WHEN b > 0 THEN s ELSE 0 END) OVER () AS stitchedServerEvents,
         SUM(b = 0) OVER () AS serverOnlyVisitors, SUM(s = 0) OVER () AS browserOnlyVisitors
       FROM v ORDER BY last_ms DESC LIMIT ?`
    ).all(visitorLimit);
    const first = recent[0];
    const stitching = {
      serverEvents: first?.serverEvents ?? 0,
      stitchedServerEvents: first?.stitchedServerEvents ?? 0,
      serverOnlyVisitors: first?.serverOnlyVisitors ?? 0,
      browserOnlyVisitors: first?.browserOnlyVisitors ?? 0
    };
    const totals = {
      events: this.statement("SELECT COUNT(*) AS n FROM events").get().n,
      visitors: first?.visitors ?? 0,
      aidMissing: this.statement("SELECT COUNT(*) AS n FROM events WHERE aid_missing = 1").get().n
    };
    const linkedUsers = this.statement(
      "SELECT DISTINCT user_id FROM events WHERE anonymous_id = ? AND aid_missing = 0 AND user_id IS NOT NULL ORDER BY user_id"
    );
    const timeline = this.statement(
      `SELECT * FROM events WHERE anonymous_id = @aid AND aid_missing = 0
       UNION ALL
       SELECT * FROM events WHERE aid_missing = 1 AND user_id IN
         (SELECT user_id FROM events WHERE anonymous_id = @aid AND aid_missing = 0 AND user_id IS NOT NULL)
       ORDER BY ts_ms DESC, seq DESC LIMIT @limit`
    );
    const count = this.statement(
      `SELECT (SELECT COUNT(*) FROM events WHERE anonymous_id = @aid AND aid_missing = 0) +
              (SELECT COUNT(*) FROM events WHERE aid_missing = 1 AND user_id IN
                (SELECT user_id FROM events WHERE anonymous_id = @aid AND aid_missing = 0 AND user_id IS NOT NULL)) AS n`
    );
    const visitors = recent.map(({ anonymous_id, b, s }) => {
      const events = timeline.all({ aid: anonymous_id, limit: eventsPerVisitor }).reverse();
      return {
        anonymous_id,
        user_ids: linkedUsers.all(anonymous_id).map((r) => r.user_id),
        events,
        total: count.get({ aid: anonymous_id }).n,
        last_ms: events.length ? events[events.length - 1].ts_ms : 0,
        browser_events: b,
        server_events: s,
        likely_split: b === 0 && s > 0 ? this.likelySplit(events) : null
      };
    });
    visitors.sort((a, b) => b.last_ms - a.last_ms);
    const unstitched = this.statement(
      `SELECT * FROM events e WHERE aid_missing = 1 AND (user_id IS NULL OR NOT EXISTS
         (SELECT 1 FROM events l WHERE l.user_id = e.user_id AND l.aid_missing = 0))
       ORDER BY ts_ms DESC, seq DESC LIMIT ?`
    ).all(visitorLimit);
    return { totals, stitching, visitors, unstitched };
  }
  /**
   * The split rule ({@link findLikelySplit}) for one server-only visitor: for each of its
   * newest server events, the closest browser event of up to two browser-only visitors. Each probe walks the
   * time index outwards from the server event and reads at most {@link SPLIT_SCAN} rows
   * each way, so a burst of traffic (a load test, a backfill) cannot make the page slow;
   * within such a burst, pairing by time would mean nothing anyway.
   */
  likelySplit(timeline) {
    const serverEvents = timeline.filter((e) => e.source === "server" && e.aid_missing === 0).slice(-SPLIT_PROBES);
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
       GROUP BY b.anonymous_id ORDER BY MIN(abs(b.ts_ms - @at)) LIMIT 2`
    );
    const candidates = serverEvents.flatMap(
      (e) => near.all({ at: e.ts_ms, window: SPLIT_WINDOW_MS, scan: SPLIT_SCAN }).map(
        ({ gap_ms: _, ...event }) => event
      )
    );
    return findLikelySplit(serverEvents, candidates);
  }
  /** The stored key of one kind, if any. */
  getKey(kind) {
    return this.statement("SELECT key FROM api_keys WHERE kind = ?").get(kind)?.key;
  }
  /** Stores a generated key so the next start uses the same one. */
  setKey(kind, key) {
    this.statement("INSERT OR REPLACE INTO api_keys (kind, key) VALUES (?, ?)").run(kind, key);
  }
  /** Closes the database (idempotent). */
  close() {
    if (this.db.open) this.db.close();
  }
  statement(sql) {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, st = this.db.prepare(sql));
    return st;
  }
};
export {
  EventStore
};
