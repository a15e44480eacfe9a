import Database from "better-sqlite3";
const db = new Database(process.argv[2], { readonly: true });
const sql = `SELECT b.anonymous_id, b.event, b.ts_ms, b.path FROM events b
       WHERE b.ts_ms BETWEEN @from AND @to AND b.source = 'browser' AND b.aid_missing = 0
         AND NOT EXISTS (SELECT 1 FROM events s WHERE s.anonymous_id = b.anonymous_id AND s.aid_missing = 0 AND s.source = 'server')
       ORDER BY abs(b.ts_ms - @at), b.seq LIMIT 3`;
console.log(db.prepare("EXPLAIN QUERY PLAN " + sql).all({at:0,from:0,to:0}).map(r => r.detail).join(" | "));
const mid = db.prepare("SELECT ts_ms FROM events ORDER BY ts_ms LIMIT 1 OFFSET 500000").get().ts_ms;
const st = db.prepare(sql);
const t0 = performance.now(); for (let i = 0; i < 20; i++) st.all({ at: mid, from: mid - 60000, to: mid + 60000 });
console.log("probe", ((performance.now() - t0) / 20).toFixed(2), "ms; rows in window", db.prepare("SELECT COUNT(*) n FROM events WHERE ts_ms BETWEEN ? AND ?").get(mid - 60000, mid + 60000).n);
