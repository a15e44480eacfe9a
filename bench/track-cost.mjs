// Goal 1: the process CPU a server SDK spends on N track() calls until everything is
// delivered — the synchronous loop, serialisation, batching and the HTTP requests, each
// SDK's deferred work included — for ours and the peers in the same process, interleaved
// (order rotated every round), against a sink in another process. Events carry a user id
// and properties. PostHog's queue cap (1000 by default) is raised to N so that it, too,
// delivers everything instead of dropping most of a burst. The calls come CHUNK per
// event-loop turn, as a busy server's requests do, not as one synchronous loop: a loop of
// tens of thousands of calls with no turn in between is a backfill, where PostHog persists
// its whole queue on every call and looks quadratic.
// `node --expose-gc track-cost.mjs <sinkUrl> [N=20000] [rounds=8] [sdk,sdk…]` prints one JSON line
// (sdks: millimetric, millimetric-before, posthog-node, amplitude-node, segment).
import { cpuSinceUs, rotate } from "./lib/stats.mjs";

const [sink, nArg, roundsArg, sdksArg] = process.argv.slice(2);
const N = Number(nArg ?? 20_000);
const ROUNDS = Number(roundsArg ?? 8);
const CHUNK = Number(process.env.BENCH_TRACK_CHUNK ?? 50);
const SDKS = (sdksArg ?? "millimetric,posthog-node,amplitude-node").split(",");
const props = (i) => ({ i, amount_cents: 4900, currency: "usd", plan: i % 2 ? "pro" : "team" });
const userOf = (i) => `user_${i % 1000}`;

/** A fresh client of `sdk` aimed at the sink: track(i), flush() until delivered, close(). */
async function client(sdk) {
  switch (sdk) {
    case "millimetric":
    case "millimetric-before": {
      // "millimetric-before": the same client built from an earlier commit
      // (BENCH_BEFORE_TRACK_NODE = that build's dist/index.node.js), so a change is measured
      // against what it replaced in the same process, interleaved, not against an old run.
      const entry = sdk === "millimetric" ? "@millimetric/track-node" : process.env.BENCH_BEFORE_TRACK_NODE;
      if (!entry) throw new Error("[millimetric] bench: set BENCH_BEFORE_TRACK_NODE to an earlier build's dist/index.node.js");
      const { MillimetricClient } = await import(entry);
      // Pacing off: the sink has no rate limit. Otherwise track-node's defaults.
      const c = new MillimetricClient({ key: "sk_test_bench000_secretsecret", host: sink, pacing: false });
      return {
        track: (i) => c.track({ event: "purchase", user_id: userOf(i), properties: props(i) }),
        flush: () => c.flush(),
        close: () => c.shutdown(),
      };
    }
    case "posthog-node": {
      const { PostHog } = await import("posthog-node");
      const c = new PostHog("phc_bench", { host: sink, maxQueueSize: N });
      return {
        track: (i) => c.capture({ distinctId: userOf(i), event: "purchase", properties: props(i) }),
        flush: () => c.flush(),
        close: () => c.shutdown(),
      };
    }
    case "amplitude-node": {
      const amp = await import("@amplitude/analytics-node");
      const c = amp.createInstance();
      await c.init("bench", { serverUrl: `${sink}/2/httpapi`, logLevel: 0 }).promise;
      return {
        track: (i) => c.track("purchase", props(i), { user_id: userOf(i) }),
        flush: () => c.flush().promise,
        close: () => c.flush().promise,
      };
    }
    case "segment": {
      const { Analytics } = await import("@segment/analytics-node");
      const c = new Analytics({ writeKey: "bench", host: sink });
      return {
        track: (i) => c.track({ userId: userOf(i), event: "purchase", properties: props(i) }),
        flush: () => c.flush?.() ?? c.closeAndFlush(),
        close: () => c.closeAndFlush(),
      };
    }
    default:
      throw new Error(`[millimetric] bench: unknown sdk ${sdk}`);
  }
}

const stats = async () => (await fetch(`${sink}/stats`)).json();
const reset = () => fetch(`${sink}/reset`, { method: "POST" }).then((r) => r.arrayBuffer());

async function measure(sdk, n) {
  const c = await client(sdk);
  await reset();
  global.gc();
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  let loopUs = 0;
  for (let i = 0; i < n; ) {
    const l0 = process.cpuUsage();
    for (const end = Math.min(n, i + CHUNK); i < end; i++) c.track(i);
    loopUs += cpuSinceUs(l0);
    await new Promise((r) => setImmediate(r));
  }
  await Promise.race([c.flush(), new Promise((r) => setTimeout(r, 120_000).unref())]);
  const flushedUs = cpuSinceUs(t0);
  const wallMs = performance.now() - w0;
  await c.close();
  const got = await stats();
  return { loopUsPerEvent: loopUs / n, cpuUsPerEvent: flushedUs / n, wallMs, delivered: got.unique, duplicated: got.events - got.unique, requests: got.requests };
}

// Warm-up: every SDK once, unrecorded, so no round pays for module loading and JIT alone.
for (const sdk of SDKS) await measure(sdk, Math.min(N, 5000));
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const out = {};
  for (const sdk of rotate(SDKS, r)) {
    out[sdk] = await measure(sdk, N);
    console.error(`[bench] track-cost round ${r + 1} ${sdk}: ${out[sdk].cpuUsPerEvent.toFixed(2)} µs/event until flushed`);
  }
  rounds.push(out);
}
console.log(JSON.stringify({ node: process.version, n: N, chunk: CHUNK, rounds }));
process.exit(0);
