import { mkdtempSync, rmSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const dir = mkdtempSync(join(tmpdir(), "mm-mig-")); const p = join(dir, "m.sqlite");
const { EventStore: Old } = await import(process.argv[2]); const { EventStore: New } = await import(process.argv[3]);
const old = new Old(p); const now = Date.now(); let rows = [];
for (let i = 0; i < 1_000_000; i++) {
  rows.push({ event: "$pageview", event_id: `e${i}`, timestamp: new Date(now - i * 1000).toISOString(), ts_ms: now - i * 1000, anonymous_id: `u_${(i % 50000).toString(16).padStart(32, "0")}`, user_id: null, session_id: null, url: "http://x/p", path: "/p", referrer: null, properties: null, source: i % 3 ? "browser" : "server", received_at: new Date(now).toISOString(), aid_missing: 0, browser: null, os: null, device_type: null });
  if (rows.length === 10000) { old.insert(rows); rows = []; }
}
old.close();
const t0 = performance.now(); const s = new New(p); console.log("open 1M-row 0.1.0 database with the new schema:", Math.round(performance.now() - t0), "ms");
const t1 = performance.now(); s.close(); const s2 = new New(p); console.log("second open:", Math.round(performance.now() - t1), "ms"); s2.close();
rmSync(dir, { recursive: true, force: true });
