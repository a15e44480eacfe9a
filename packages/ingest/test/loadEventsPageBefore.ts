import type Database from "better-sqlite3";
import type { EventsPageData, StitchingHealth, StoredEvent, VisitorTimeline } from "../src/store/EventStore";

/**
 * The events page's queries as they were before 0.2 (issue 29), run on a second
 * connection to the same database: the oracle the new ones are checked against. Their
 * answers are the contract; their cost is not (the unstitched list's NOT EXISTS walked a
 * user's rows once per row, and each visitor read every row of every user it links), so
 * only ever call this on small databases. `likely_split` is left out: it is a function
 * of a timeline's events, computed by code this change did not touch.
 */
export function loadEventsPageBefore(
  db: Database.Database,
  visitorLimit = 30,
  eventsPerVisitor = 100,
): Omit<EventsPageData, "visitors"> & { visitors: Omit<VisitorTimeline, "likely_split">[] } {
  const recent = db
    .prepare(
      `WITH v AS (SELECT anonymous_id, SUM(source = 'browser') AS b, SUM(source = 'server') AS s, MAX(ts_ms) AS last_ms
                  FROM events WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id)
       SELECT anonymous_id, last_ms, b, s, COUNT(*) OVER () AS visitors, SUM(s) OVER () AS serverEvents,
         SUM(CASE WHEN b > 0 THEN s ELSE 0 END) OVER () AS stitchedServerEvents,
         SUM(b = 0) OVER () AS serverOnlyVisitors, SUM(s = 0) OVER () AS browserOnlyVisitors
       FROM v ORDER BY last_ms DESC LIMIT ?`,
    )
    .all(visitorLimit) as ({ anonymous_id: string; last_ms: number; b: number; s: number; visitors: number } & StitchingHealth)[];
  const first = recent[0];
  const stitching: StitchingHealth = {
    serverEvents: first?.serverEvents ?? 0,
    stitchedServerEvents: first?.stitchedServerEvents ?? 0,
    serverOnlyVisitors: first?.serverOnlyVisitors ?? 0,
    browserOnlyVisitors: first?.browserOnlyVisitors ?? 0,
  };
  const totals: EventsPageData["totals"] = {
    events: (db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n,
    visitors: first?.visitors ?? 0,
    aidMissing: (db.prepare("SELECT COUNT(*) AS n FROM events WHERE aid_missing = 1").get() as { n: number }).n,
  };
  const linkedUsers = db.prepare(
    "SELECT DISTINCT user_id FROM events WHERE anonymous_id = ? AND aid_missing = 0 AND user_id IS NOT NULL ORDER BY user_id",
  );
  const timeline = db.prepare(
    `SELECT * FROM events WHERE anonymous_id = @aid AND aid_missing = 0
     UNION ALL
     SELECT * FROM events WHERE aid_missing = 1 AND user_id IN
       (SELECT user_id FROM events WHERE anonymous_id = @aid AND aid_missing = 0 AND user_id IS NOT NULL)
     ORDER BY ts_ms DESC, seq DESC LIMIT @limit`,
  );
  const count = db.prepare(
    `SELECT (SELECT COUNT(*) FROM events WHERE anonymous_id = @aid AND aid_missing = 0) +
            (SELECT COUNT(*) FROM events WHERE aid_missing = 1 AND user_id IN
              (SELECT user_id FROM events WHERE anonymous_id = @aid AND aid_missing = 0 AND user_id IS NOT NULL)) AS n`,
  );
  const visitors = recent.map(({ anonymous_id, b, s }) => {
    const events = (timeline.all({ aid: anonymous_id, limit: eventsPerVisitor }) as StoredEvent[]).reverse();
    return {
      anonymous_id,
      user_ids: (linkedUsers.all(anonymous_id) as { user_id: string }[]).map((r) => r.user_id),
      events,
      total: (count.get({ aid: anonymous_id }) as { n: number }).n,
      last_ms: events.length ? events[events.length - 1]!.ts_ms : 0,
      browser_events: b,
      server_events: s,
    };
  });
  visitors.sort((a, b) => b.last_ms - a.last_ms);
  const unstitched = db
    .prepare(
      `SELECT * FROM events e WHERE aid_missing = 1 AND (user_id IS NULL OR NOT EXISTS
         (SELECT 1 FROM events l WHERE l.user_id = e.user_id AND l.aid_missing = 0))
       ORDER BY ts_ms DESC, seq DESC LIMIT ?`,
    )
    .all(visitorLimit) as StoredEvent[];
  return { totals, stitching, visitors, unstitched };
}
