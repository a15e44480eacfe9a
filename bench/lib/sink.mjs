// A protocol-agnostic HTTP sink for the peer SDKs and ours: it decodes each SDK's batch
// shape, counts events by the bench's own marker (properties.i) to find loss and
// duplicates, and measures requests and bytes on the wire. Run as a child process so
// it does not share a core's time slices with the SDK being measured.
import { createServer } from "node:http";
import { gunzipSync } from "node:zlib";

let stats;
// cpu0: this process's CPU at the reset, so /stats can say what receiving cost the sink.
const reset = () => (stats = { requests: 0, bytes: 0, events: 0, seen: new Set(), dups: 0, lastAckAt: 0, cpu0: process.cpuUsage() });
reset();

function eventsOf(path, body) {
  if (Array.isArray(body.events) && path.startsWith("/2/")) return body.events.map((e) => e.event_properties?.i); // amplitude
  if (Array.isArray(body.events)) return body.events.map((e) => e.properties?.i); // millimetric batch
  if (Array.isArray(body.batch)) return body.batch.map((e) => e.properties?.i); // posthog, segment
  if (body.event) return [body.properties?.i]; // millimetric track
  return [];
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.method === "GET" && req.url === "/stats") {
      const cpu = process.cpuUsage(stats.cpu0);
      res.end(JSON.stringify({ ...stats, seen: undefined, cpu0: undefined, unique: stats.seen.size, cpuMs: (cpu.user + cpu.system) / 1000 }));
      return;
    }
    if (req.url === "/reset") {
      reset();
      res.end("{}");
      return;
    }
    let raw = Buffer.concat(chunks);
    stats.requests++;
    stats.bytes += raw.length;
    let ours = false;
    try {
      if (req.headers["content-encoding"] === "gzip" || (raw[0] === 0x1f && raw[1] === 0x8b)) raw = gunzipSync(raw);
      const body = JSON.parse(raw.toString("utf8"));
      ours = req.url.startsWith("/v1/") && (Array.isArray(body.events) || typeof body.event === "string");
      for (const i of eventsOf(req.url, body)) {
        stats.events++;
        if (stats.seen.has(i)) stats.dups++;
        else stats.seen.add(i);
      }
    } catch {
      // not JSON (a peer's config fetch, say): acknowledged and ignored
    }
    stats.lastAckAt = Date.now();
    res.writeHead(ours ? 202 : 200, { "content-type": "application/json" });
    res.end(ours ? '{"ok":true}' : '{"code":200,"status":1}');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => console.log(`READY http://127.0.0.1:${server.address().port}`));
