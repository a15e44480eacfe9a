// Throughput of hello-world Express with and without @millimetric/express.
// Usage: node bench/middleware-overhead.mjs [seconds=5]   (build first: npx tsup)
// Budget: the middleware + one track() per request costs ≤ 10 % of requests/s.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const seconds = Number(process.argv[2] ?? 5);
const serverFile = fileURLToPath(new URL("./server.mjs", import.meta.url));

async function run(variant, headers) {
  const child = spawn(process.execPath, [serverFile, variant], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
  const url = `http://127.0.0.1:${port}/`;
  await autocannon({ url, connections: 50, duration: 1, headers }); // warm-up
  const result = await autocannon({ url, connections: 50, duration: seconds, headers });
  child.kill();
  return result.requests.average;
}

const withCookie = { cookie: "aid=u_0123456789abcdef0123456789abcdef; theme=dark" };
const plain = await run("plain", withCookie);
const byHand = await run("track", withCookie);
const middlewareOnly = await run("middleware-only", withCookie);
const middleware = await run("middleware", withCookie);
// A browser's first navigation: no cookie yet, and the signals that let the middleware mint.
const firstVisit = await run("middleware", { "sec-fetch-site": "none", accept: "text/html" });
const pct = (x) => `${(((plain - x) / plain) * 100).toFixed(1)} %`;
console.table({
  "hello world": { "req/s": Math.round(plain), loss: "—" },
  "+ track() by hand (no middleware)": { "req/s": Math.round(byHand), loss: pct(byHand) },
  "+ millimetric(), no track()": { "req/s": Math.round(middlewareOnly), loss: pct(middlewareOnly) },
  "+ millimetric() + track()": { "req/s": Math.round(middleware), loss: pct(middleware) },
  "… first visits (mint + Set-Cookie)": { "req/s": Math.round(firstVisit), loss: pct(firstVisit) },
});
