// .scratch-ab/orig-src/EventStore.ts
import Database from "better-sqlite3";
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
CREATE INDEX IF NOT EXISTS events_anonymous_id ON events (anonymous_id, aid_missing, ts_ms);
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
    const totals = this.statement(
      "SELECT COUNT(*) AS events, COUNT(DISTINCT CASE WHEN aid_missing = 0 THEN anonymous_id END) AS visitors, COALESCE(SUM(aid_missing), 0) AS aidMissing FROM events"
    ).get();
    const recent = this.statement(
      "SELECT anonymous_id, MAX(ts_ms) AS last_ms FROM events WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id ORDER BY last_ms DESC LIMIT ?"
    ).all(visitorLimit);
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
    const visitors = recent.map(({ anonymous_id }) => {
      const events = timeline.all({ aid: anonymous_id, limit: eventsPerVisitor }).reverse();
      return {
        anonymous_id,
        user_ids: linkedUsers.all(anonymous_id).map((r) => r.user_id),
        events,
        total: count.get({ aid: anonymous_id }).n,
        last_ms: events.length ? events[events.length - 1].ts_ms : 0
      };
    });
    visitors.sort((a, b) => b.last_ms - a.last_ms);
    const unstitched = this.statement(
      `SELECT * FROM events e WHERE aid_missing = 1 AND (user_id IS NULL OR NOT EXISTS
         (SELECT 1 FROM events l WHERE l.user_id = e.user_id AND l.aid_missing = 0))
       ORDER BY ts_ms DESC, seq DESC LIMIT ?`
    ).all(visitorLimit);
    return { totals, visitors, unstitched };
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
