// Worst case for the split probes: 100k server events arriving within seconds (a load test), all server-only visitors.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const { startIngest } = await import(process.env.MM_DIST);
const dir = mkdtempSync(join(tmpdir(), "mm-burst-"));
const ingest = await startIngest({ port: 0, host: "127.0.0.1", dbPath: join(dir, "b.sqlite"), rateLimits: false, env: {} });
const N = Number(process.argv[2] ?? 100000);
const mixBrowser = process.argv[3] === "browser";
for (let b = 0; b < N / 1000; b++) {
  const events = [], bevents = [];
  for (let i = b * 1000; i < (b + 1) * 1000; i++) {
    const e = { event: "load_test", anonymous_id: `u_${(i % 5000).toString(16).padStart(32, "0")}`, path: "/api/x" };
    if (mixBrowser && i % 2) bevents.push({ ...e, anonymous_id: `u_b${(i % 5000).toString(16).padStart(31, "0")}` }); else events.push(e);
  }
  for (const [key, evs, h] of [[ingest.keys.secret, events, {}], [ingest.keys.publishable, bevents, { origin: "http://localhost:5173" }]]) {
    if (!evs.length) continue;
    const res = await fetch(`${ingest.url}/v1/batch`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...h }, body: JSON.stringify({ events: evs }) });
    if (res.status !== 202) throw new Error(await res.text());
  }
}
for (let r = 0; r < 3; r++) { const t0 = performance.now(); const html = await (await fetch(ingest.url + "/")).text(); console.log("GET /", Math.round(performance.now() - t0), "ms", (html.match(/is-split"/g) || []).length, "splits"); }
await ingest.close(); rmSync(dir, { recursive: true, force: true });
