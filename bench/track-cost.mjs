// Items 2 and 3: the server-side cost of N track() calls (ops/s, heap per queued event)
// and the end-to-end time until the sink acknowledged them after flush/shutdown, for one
// SDK at its default settings, pointed at the sink. One SDK per process: run with
// `node --expose-gc track-cost.mjs <sdk> <sinkUrl> <N>`.
const [sdk, sink, nArg] = process.argv.slice(2);
const N = Number(nArg ?? 100_000);
const AID = "u_0123456789abcdef0123456789abcdef";

async function setup() {
  switch (sdk) {
    case "millimetric": {
      const { MillimetricClient } = await import("@millimetric/track-node");
      // Client-side pacing off: the sink has no rate limit (the benchmark's rule).
      const c = new MillimetricClient({ key: "sk_test_bench000_secretsecret", host: sink, pacing: false });
      return {
        track: (i) => c.track({ event: "purchase", anonymous_id: AID, properties: { i, amount_cents: 4900, currency: "usd" } }),
        done: () => c.flush(),
      };
    }
    case "posthog-node": {
      const { PostHog } = await import("posthog-node");
      const c = new PostHog("phc_bench", { host: sink });
      return {
        track: (i) => c.capture({ distinctId: AID, event: "purchase", properties: { i, amount_cents: 4900, currency: "usd" } }),
        done: () => c.shutdown(60_000),
      };
    }
    case "segment": {
      const { Analytics } = await import("@segment/analytics-node");
      const c = new Analytics({ writeKey: "bench", host: sink });
      return {
        track: (i) => c.track({ anonymousId: AID, event: "purchase", properties: { i, amount_cents: 4900, currency: "usd" } }),
        done: () => c.closeAndFlush({ timeout: 60_000 }),
      };
    }
    case "amplitude-node": {
      const amp = await import("@amplitude/analytics-node");
      const c = amp.createInstance();
      c.init("bench", { serverUrl: `${sink}/2/httpapi`, logLevel: 0 });
      return {
        track: (i) => c.track("purchase", { i, amount_cents: 4900, currency: "usd" }, { device_id: AID }),
        done: () => c.flush().promise,
      };
    }
    default:
      throw new Error(`unknown sdk ${sdk}`);
  }
}

const stats = async () => (await fetch(`${sink}/stats`)).json();
await fetch(`${sink}/reset`, { method: "POST" });
// Warm the JIT on a throwaway instance (closing it is part of the warm-up).
const warm = await setup();
for (let i = 0; i < 500; i++) warm.track(-1 - i);
await warm.done();
const s = await setup();
await fetch(`${sink}/reset`, { method: "POST" });
global.gc();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
for (let i = 0; i < N; i++) s.track(i);
const t1 = performance.now();
global.gc();
const heap1 = process.memoryUsage().heapUsed;
await Promise.race([s.done(), new Promise((r) => setTimeout(r, 90_000).unref())]);
// Give late acks a moment to land, then read what the sink saw.
await new Promise((r) => setTimeout(r, 200));
const t2 = performance.now();
const got = await stats();
console.log(
  JSON.stringify({
    sdk,
    n: N,
    opsPerSec: Math.round(N / ((t1 - t0) / 1000)),
    heapPerEvent: Math.round((heap1 - heap0) / N),
    endToEndMs: Math.round(t2 - t0 - 200),
    delivered: got.unique,
    duplicated: got.events - got.unique,
    lost: N - got.unique,
    requests: got.requests,
    bytesPerEvent: +(got.bytes / Math.max(1, got.unique)).toFixed(1),
  }),
);
process.exit(0);
