import Database from "better-sqlite3";
const db = new Database(process.argv[2], { readonly: true });
const q = {
  health: `SELECT COUNT(*) AS visitors, COALESCE(SUM(s), 0) AS serverEvents, COALESCE(SUM(CASE WHEN b > 0 THEN s ELSE 0 END), 0) AS st, COALESCE(SUM(b = 0), 0) AS so, COALESCE(SUM(s = 0), 0) AS bo FROM (SELECT SUM(source = 'browser') AS b, SUM(source = 'server') AS s FROM events WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id)`,
  oldTotals: "SELECT COUNT(*) AS events, COUNT(DISTINCT CASE WHEN aid_missing = 0 THEN anonymous_id END) AS visitors, COALESCE(SUM(aid_missing), 0) AS aidMissing FROM events",
  count: "SELECT COUNT(*) AS n FROM events",
  missing: "SELECT COUNT(*) AS n FROM events WHERE aid_missing = 1",
  recent: "SELECT anonymous_id, MAX(ts_ms) AS last_ms FROM events WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id ORDER BY last_ms DESC LIMIT 30",
  combined: `WITH v AS (SELECT anonymous_id, SUM(source = 'browser') AS b, SUM(source = 'server') AS s, MAX(ts_ms) AS last_ms FROM events WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id)
    SELECT anonymous_id, last_ms, COUNT(*) OVER () AS visitors, SUM(s) OVER () AS serverEvents, SUM(CASE WHEN b > 0 THEN s ELSE 0 END) OVER () AS st, SUM(b = 0) OVER () AS so, SUM(s = 0) OVER () AS bo FROM v ORDER BY last_ms DESC LIMIT 30`,
};
for (const [k, sql] of Object.entries(q)) {
  const st = db.prepare(sql);
  st.all();
  const t0 = performance.now(); for (let i = 0; i < 3; i++) st.all();
  console.log(k, ((performance.now() - t0) / 3).toFixed(0), "ms", db.prepare("EXPLAIN QUERY PLAN " + sql).all().map(r => r.detail).join(" | "));
}
