import Database from "better-sqlite3";
const { EventStore } = await import(process.argv[3]);
const times = new Map();
const origPrepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql) {
  const st = origPrepare.call(this, sql);
  for (const m of ["all", "get"]) { const f = st[m].bind(st); st[m] = (...a) => { const t0 = performance.now(); try { return f(...a); } finally { const k = sql.replace(/\s+/g, " ").slice(0, 70); times.set(k, (times.get(k) ?? 0) + performance.now() - t0); } }; }
  return st;
};
const store = new EventStore(process.argv[2]);
store.loadEventsPage(); times.clear();
const t0 = performance.now(); for (let i = 0; i < 5; i++) store.loadEventsPage();
console.log("total", ((performance.now() - t0) / 5).toFixed(0));
for (const [k, v] of times) console.log((v / 5).toFixed(1).padStart(7), k);
