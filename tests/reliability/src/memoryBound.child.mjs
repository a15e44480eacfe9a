// 1 000 000 track() calls against a server that accepts connections and never answers.
// Run in its own process so its RSS is its own. Prints one JSON line.
import { createServer } from "node:net";
import { MillimetricClient } from "@millimetric/track-node";

const sockets = [];
const stalled = createServer((s) => sockets.push(s.on("error", () => {})));
await new Promise((r) => stalled.listen(0, "127.0.0.1", r));
let reported = 0;
const client = new MillimetricClient({
  key: "sk_test_memory00_secretsecretsecret",
  host: `http://127.0.0.1:${stalled.address().port}`,
  flushAt: 100,
  timeoutMs: 600_000,
  onError: (e) => void (e.code === "queue_overflow" && (reported += e.count)),
});
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const at = {};
const N = 1_000_000;
for (let i = 0; i < N; i++) {
  client.track({ event: "page_scrolled", anonymous_id: "u_0123456789abcdef0123456789abcdef", properties: { i, depth: i % 100 } });
  if (i % 10_000 === 9_999) {
    await new Promise((r) => setImmediate(r));
    peak = Math.max(peak, process.memoryUsage().rss);
    if ((i + 1) % 250_000 === 0) at[i + 1] = +(process.memoryUsage().rss / 2 ** 20).toFixed(1);
  }
}
await new Promise((r) => setTimeout(r, 20));
global.gc();
const heapLiveMB = +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1);
const { queued, dropped, inFlight } = client.stats;
console.log(JSON.stringify({ calls: N, rssStartMB: +(rss0 / 2 ** 20).toFixed(1), rssPeakMB: +(peak / 2 ** 20).toFixed(1), rssAtMB: at, heapLiveMB, queued, inFlight, dropped, reported }));
process.exit(0);
