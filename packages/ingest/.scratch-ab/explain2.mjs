import Database from "better-sqlite3";
const db = new Database(process.argv[2], { readonly: true });
const src = (await import("node:fs")).readFileSync("src/EventStore.ts", "utf8");
const sql = src.slice(src.indexOf("`SELECT anonymous_id, event, ts_ms, path FROM (") + 1, src.indexOf("LIMIT 3`") + 7);
console.log(db.prepare("EXPLAIN QUERY PLAN " + sql).all({at:0,window:0,scan:0}).map(r => r.detail).join(" | "));
const mid = db.prepare("SELECT ts_ms FROM events ORDER BY ts_ms LIMIT 1 OFFSET 500000").get().ts_ms;
const st = db.prepare(sql);
const t0 = performance.now(); let r; for (let i = 0; i < 20; i++) r = st.all({ at: mid, window: 60000, scan: 200 });
console.log("probe", ((performance.now() - t0) / 20).toFixed(2), "ms", r.length, "candidates");
