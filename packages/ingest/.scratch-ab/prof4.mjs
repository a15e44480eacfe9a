import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
const db = new Database(process.argv[2]);
const src = readFileSync("src/EventStore.ts", "utf8");
const grab = (startMarker, endMarker) => { const a = src.indexOf(startMarker); return src.slice(a + 1, src.indexOf(endMarker, a) + endMarker.length - 1); };
const timeline = grab("`SELECT * FROM events WHERE anonymous_id = @aid AND aid_missing = 0", "LIMIT @limit`");
const count = grab("`SELECT (SELECT COUNT(*)", " AS n`");
const probe = grab("`SELECT anonymous_id, event, ts_ms, path, MIN(", "LIMIT 2`");
const aids = db.prepare("SELECT anonymous_id FROM events WHERE aid_missing = 0 GROUP BY anonymous_id ORDER BY MAX(ts_ms) DESC LIMIT 30").all().map(r => r.anonymous_id);
for (const [name, sql, args] of [["timeline", timeline, (a) => ({ aid: a, limit: 100 })], ["count", count, (a) => ({ aid: a })]]) {
  const st = db.prepare(sql);
  console.log(name, db.prepare("EXPLAIN QUERY PLAN " + sql).all(args("x")).map(r => r.detail).join(" | "));
  const t0 = performance.now(); for (const a of aids) st.all(args(a)); console.log(name, (performance.now() - t0).toFixed(1), "ms for 30");
}
const st = db.prepare(probe);
const ts = db.prepare("SELECT ts_ms FROM events WHERE source='server' AND aid_missing=0 ORDER BY ts_ms DESC LIMIT 30").all().map(r => r.ts_ms);
const t0 = performance.now(); for (const at of ts) st.all({ at, window: 60000, scan: 200 }); console.log("probe", (performance.now() - t0).toFixed(1), "ms for 30");
