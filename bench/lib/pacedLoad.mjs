// A steady load: `rate` GET requests a second, each sent at its own moment (one every
// 1000/rate ms, over a few kept-alive connections), for `seconds`. autocannon's
// `overallRate` sends each second's budget as a burst at the start of that second, which
// a server's event loop coalesces like flat-out load; real traffic at a few hundred
// requests a second arrives spread out.
import { Agent, request } from "node:http";

/** Resolves with { total, errors, seconds } once every request sent has been answered. */
export async function pacedLoad(url, headers, rate, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  let sent = 0;
  let answered = 0;
  let errors = 0;
  const t0 = performance.now();
  await new Promise((resolve) => {
    const done = () => ++answered === total && resolve();
    const send = () => {
      const req = request(url, { agent, headers }, (res) => {
        if (res.statusCode !== 200) errors++;
        res.resume();
        res.on("end", done);
      });
      req.on("error", () => (errors++, done()));
      req.end();
    };
    const tick = () => {
      // Every request due by now (a late timer catches up, one by one).
      const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
      while (sent < due) sent++, send();
      if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * interval - performance.now()));
    };
    tick();
  });
  agent.destroy();
  return { total, errors, seconds: (performance.now() - t0) / 1000 };
}
