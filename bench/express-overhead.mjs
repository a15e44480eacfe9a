// Item 4a: requests/s and p99 of a hello-world Express 5 app, bare vs millimetric() with
// one track() per request, for new visitors (no cookie) and returning ones (valid aid).
import autocannon from "autocannon";
import { fileURLToPath } from "node:url";
import { startChild } from "./lib/startChild.mjs";

const here = (f) => fileURLToPath(new URL(f, import.meta.url));

const stats = async (url) => (await fetch(url)).json();

/** Load for `duration` s; throughput and p99, and the app's own CPU µs per request. */
async function cannon(app, headers, duration) {
  const before = await stats(app.extra);
  const r = await new Promise((resolve, reject) =>
    autocannon({ url: app.url, connections: 50, pipelining: 1, duration, headers }, (err, res) => (err ? reject(err) : resolve(res))),
  );
  const after = await stats(app.extra);
  const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx, cpuPerRequestUs: cpu / Math.max(1, after.served - before.served) };
}

export const MODES = ["bare", "middleware", "millimetric"];

/** One round: each variant measured back to back, so drift hits all alike. */
export async function expressRound(sinkUrl, duration = 5) {
  const out = {};
  for (const mode of MODES) {
    const app = await startChild(here("./express-app.mjs"), [mode, sinkUrl]);
    try {
      await cannon(app, {}, 1); // warm-up
      out[`${mode}:new`] = await cannon(app, {}, duration);
      out[`${mode}:returning`] = await cannon(app, { cookie: "aid=u_0123456789abcdef0123456789abcdef" }, duration);
    } finally {
      await app.stop();
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sink = await startChild(here("./lib/sink.mjs"));
  console.log(await expressRound(sink.url, 3));
  await sink.stop();
}
