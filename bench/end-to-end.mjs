// Goal 4: 100 000 track() calls in one synchronous loop (a backfill), then flush(), until
// the sink in another process acknowledged every one of them: wall time, lost and
// duplicated events (by the bench's own marker, properties.i), POSTs; the loop's own time,
// the sink's CPU, and the floor of the loop (serialising the events, nothing else). Defaults, pacing off
// (the sink has no rate limit). A fresh client per round, in one process.
// `node end-to-end.mjs <sinkUrl> [N=100000] [rounds=8]` prints one JSON line.
import { MillimetricClient } from "@millimetric/track-node";

const [sink, nArg, roundsArg] = process.argv.slice(2);
const N = Number(nArg ?? 100_000);
const ROUNDS = Number(roundsArg ?? 8);
const stats = async () => (await fetch(`${sink}/stats`)).json();
const reset = () => fetch(`${sink}/reset`, { method: "POST" }).then((r) => r.arrayBuffer());

const event = (i) => ({ event: "purchase", user_id: `user_${i % 1000}`, properties: { i, amount_cents: 4900, currency: "usd" } });

async function once(n) {
  const c = new MillimetricClient({ key: "sk_test_bench000_secretsecret", host: sink, pacing: false, onError: (e) => console.error(e.message) });
  await reset();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) c.track(event(i));
  const loopMs = performance.now() - t0;
  await c.flush();
  const ms = performance.now() - t0;
  await c.shutdown();
  const got = await stats();
  return {
    ms,
    loopMs,
    sinkCpuMs: got.cpuMs,
    floorMs: floor(n),
    delivered: got.unique,
    lost: n - got.unique,
    duplicated: got.events - got.unique,
    requests: got.requests,
    eventsPerPost: got.events / Math.max(1, got.requests),
  };
}

// The least any SDK's loop can cost here: each event stamped and serialised as ours
// sends it (the same fields, a fixed id), kept until sent, with no validation at all.
function floor(n) {
  const kept = new Array(n);
  const stamp = new Date().toISOString();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    kept[i] = JSON.stringify({ event: "purchase", user_id: `user_${i % 1000}`, properties: { i, amount_cents: 4900, currency: "usd" }, timestamp: stamp, event_id: "0123456789abcdef0123456789abcdef" });
  }
  return performance.now() - t0;
}

await once(10_000); // warm-up, unrecorded
const rounds = [];
for (let r = 0; r < ROUNDS; r++) rounds.push(await once(N));
console.log(JSON.stringify({ node: process.version, n: N, rounds }));
process.exit(0);
